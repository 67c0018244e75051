import * as fs from 'node:fs';
import * as path from 'node:path';

/** What a synthesized stack asks of the CDK bootstrap stack of its account and region. */
export interface StackBootstrapRequirement {
  readonly stackName: string;
  /** The minimum version of the bootstrap stack the stack's deployment needs. */
  readonly requiredVersion: number;
  /** SSM parameter that holds the bootstrap stack's version, e.g. `/cdk-bootstrap/hnb659fds/version`. */
  readonly versionParameter: string;
}

interface ManifestArtifact {
  readonly type?: string;
  readonly properties?: {
    readonly stackName?: string;
    readonly requiresBootstrapStackVersion?: number;
    readonly bootstrapStackVersionSsmParameter?: string;
    readonly directoryName?: string;
  };
}

/**
 * The bootstrap requirements of the stacks whose names start with `stackPrefix`, read from a cloud assembly
 * (`cdk.out`) and its nested assemblies (a pipeline's stages); undefined when there is no assembly. Fields as
 * the cloud assembly schema names them (`AwsCloudFormationStackProperties.requiresBootstrapStackVersion` and
 * `bootstrapStackVersionSsmParameter`, `NestedCloudAssemblyProperties.directoryName`).
 */
export function bootstrapRequirements(
  assemblyDir: string,
  stackPrefix: string,
): StackBootstrapRequirement[] | undefined {
  if (!fs.existsSync(path.join(assemblyDir, 'manifest.json'))) return undefined;
  const found: StackBootstrapRequirement[] = [];
  const visit = (dir: string) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      artifacts?: Record<string, ManifestArtifact>;
    };
    for (const artifact of Object.values(manifest.artifacts ?? {})) {
      const props = artifact.properties ?? {};
      if (artifact.type === 'cdk:cloud-assembly' && props.directoryName) {
        visit(path.join(dir, props.directoryName));
      } else if (
        artifact.type === 'aws:cloudformation:stack' &&
        props.stackName?.startsWith(stackPrefix) &&
        props.requiresBootstrapStackVersion !== undefined
      ) {
        found.push({
          stackName: props.stackName,
          requiredVersion: props.requiresBootstrapStackVersion,
          versionParameter: props.bootstrapStackVersionSsmParameter ?? DEFAULT_VERSION_PARAMETER,
        });
      }
    }
  };
  visit(assemblyDir);
  return found;
}

/**
 * The version parameter of the default qualifier `hnb659fds` ("Bootstrapping your environment for use with the
 * AWS CDK", https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html).
 */
export const DEFAULT_VERSION_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
