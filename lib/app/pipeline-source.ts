import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as codecommit from 'aws-cdk-lib/aws-codecommit';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CodePipelineSource, FileSet } from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { PipelineSettings } from '../config/schema/pipeline';
import { ConstructValidationError } from '../constructs/errors/validation';

/** The source of the pipeline: the configured connection, or the CodeCommit repository. */
export function pipelineSource(scope: Construct, source: PipelineSettings['source']): CodePipelineSource {
  if (source.codeCommitRepository !== undefined) {
    const repository = codecommit.Repository.fromRepositoryName(
      scope,
      'Repository',
      source.codeCommitRepository,
    );
    return CodePipelineSource.codeCommit(repository, source.branch);
  }
  // The schema guarantees connectionArn and repository together when codeCommitRepository is absent.
  return new ConnectionSource(source.repository!, source.branch, source.connectionArn!);
}

/**
 * The IAM service prefix of a connection: `codeconnections` for connections created under the
 * renamed service (the console's default since July 2024), `codestar-connections` for older ones.
 * "When specifying a resource in the IAM policy, the service prefix needs to match that of the
 * resource" (AWS CodeConnections, "Connections rename - Summary of changes",
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html).
 */
function connectionServicePrefix(connectionArn: string): 'codeconnections' | 'codestar-connections' {
  const service = connectionArn.split(':')[2];
  if (service !== 'codeconnections' && service !== 'codestar-connections') {
    throw new ConstructValidationError(
      `${connectionArn} is not a connection ARN: expected the service codeconnections or codestar-connections`,
    );
  }
  return service;
}

/**
 * A connection source (GitHub, GitLab, Bitbucket through CodeConnections), as
 * `CodePipelineSource.connection()` builds it, except for the permission its action gets.
 */
class ConnectionSource extends CodePipelineSource {
  constructor(
    private readonly repository: string,
    private readonly branch: string,
    private readonly connectionArn: string,
  ) {
    super(repository);
    this.configurePrimaryOutput(new FileSet('Source', this));
  }

  protected getAction(
    output: codepipeline.Artifact,
    actionName: string,
    runOrder: number,
    variablesNamespace?: string,
  ): actions.Action {
    const [owner, ...path] = this.repository.split('/');
    return new ConnectionSourceAction({
      output,
      actionName,
      runOrder,
      variablesNamespace,
      connectionArn: this.connectionArn,
      owner,
      repo: path.join('/'),
      branch: this.branch,
    });
  }
}

/**
 * The CodeStarSourceConnection action with `UseConnection` under the service prefix of the
 * connection's ARN. aws-cdk-lib grants `codestar-connections:UseConnection` whatever the ARN, which
 * does not match a `codeconnections` connection, so the action could not use it.
 */
class ConnectionSourceAction extends actions.CodeStarConnectionsSourceAction {
  private readonly settings: actions.CodeStarConnectionsSourceActionProps;

  constructor(props: actions.CodeStarConnectionsSourceActionProps) {
    super(props);
    this.settings = props;
  }

  protected bound(
    _scope: Construct,
    _stage: codepipeline.IStage,
    options: codepipeline.ActionBindOptions,
  ): codepipeline.ActionConfig {
    const { connectionArn, owner, repo, branch } = this.settings;
    options.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [`${connectionServicePrefix(connectionArn)}:UseConnection`],
        resources: [connectionArn],
      }),
    );
    // What the source action does with the pipeline's artifact bucket, as in aws-cdk-lib.
    options.bucket.grantReadWrite(options.role);
    options.bucket.grantPutAcl(options.role);
    return {
      configuration: {
        ConnectionArn: connectionArn,
        FullRepositoryId: `${owner}/${repo}`,
        BranchName: branch,
      },
    };
  }
}
