import { attributeValue, refValue, ResourceSite, SampleEnvironment } from './physical-names';

/** One synthesized stack: its CloudFormation name, its construct path and its template. */
export interface StackTemplate {
  readonly stackName: string;
  /** Construct path of the stack, e.g. `prod/platform` or `mldeploy-pipeline`. */
  readonly path: string;
  readonly template: CfnTemplate;
  /** The account the stack is pinned to; the sample account when it is environment-agnostic. */
  readonly account?: string;
  /** The region the stack is pinned to; the sample region when it is environment-agnostic. */
  readonly region?: string;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Parameters?: Record<string, { Default?: unknown }>;
}

/** Marks `Ref: AWS::NoValue`, which removes the property or list item holding it. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves CloudFormation intrinsics to the values AWS would produce when the stacks are deployed in a
 * sample account and region: pseudo parameters, `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`,
 * `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, and references across stacks (`Fn::GetStackOutput`,
 * `Fn::ImportValue`). Names CloudFormation would generate are derived from the logical ids
 * (see physical-names.ts). Anything else fails loudly rather than being guessed.
 */
export class CfnResolver {
  private readonly byName = new Map<string, StackTemplate>();

  constructor(
    readonly stacks: readonly StackTemplate[],
    readonly env: SampleEnvironment,
  ) {
    // A pipeline deploys copies of the same stacks: the first of each name stands for all.
    for (const stack of stacks)
      if (!this.byName.has(stack.stackName)) this.byName.set(stack.stackName, stack);
  }

  stackNamed(stackName: string): StackTemplate {
    const stack = this.byName.get(stackName);
    if (!stack) throw new Error(`no stack named ${stackName} in the synthesized app`);
    return stack;
  }

  /** The value with every intrinsic resolved, in the context of the given stack. */
  resolve(stack: StackTemplate, value: unknown): unknown {
    const resolved = this.resolveValue(stack, value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** A resolved string: fails if the value does not resolve to one. */
  resolveString(stack: StackTemplate, value: unknown): string {
    const resolved = this.resolve(stack, value);
    if (typeof resolved !== 'string')
      throw new Error(`${JSON.stringify(value)} does not resolve to a string`);
    return resolved;
  }

  /** The account and region a stack deploys to: its own where it is pinned, the sample's otherwise. */
  envOf(stack: StackTemplate): SampleEnvironment {
    return {
      ...this.env,
      account: stack.account ?? this.env.account,
      region: stack.region ?? this.env.region,
    };
  }

  /** The resource as a site physical names are generated for. */
  site(stack: StackTemplate, logicalId: string): ResourceSite {
    const resource = stack.template.Resources[logicalId];
    if (!resource) throw new Error(`${stack.stackName} has no resource ${logicalId}`);
    return {
      stackName: stack.stackName,
      logicalId,
      type: resource.Type,
      property: (name) => this.resolve(stack, resource.Properties?.[name]),
      env: this.envOf(stack),
    };
  }

  private resolveValue(stack: StackTemplate, value: unknown): unknown {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolveValue(stack, item)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, argument] = entries[0];
      if (key === 'Ref') return this.ref(stack, argument as string);
      if (key.startsWith('Fn::')) return this.intrinsic(stack, key, argument);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.resolveValue(stack, item);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  private ref(stack: StackTemplate, name: string): unknown {
    const env = this.envOf(stack);
    switch (name) {
      case 'AWS::AccountId':
        return env.account;
      case 'AWS::Region':
        return env.region;
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::URLSuffix':
        return this.env.urlSuffix;
      case 'AWS::StackName':
        return stack.stackName;
      case 'AWS::StackId':
        return `arn:${env.partition}:cloudformation:${env.region}:${env.account}:stack/${stack.stackName}/00000000-0000-4000-8000-000000000000`;
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = stack.template.Parameters?.[name];
    if (parameter) return parameter.Default;
    return refValue(this.site(stack, name));
  }

  private intrinsic(stack: StackTemplate, name: string, argument: unknown): unknown {
    const args = () => this.resolveValue(stack, argument) as unknown[];
    switch (name) {
      case 'Fn::GetAtt': {
        const [logicalId, attribute] =
          typeof argument === 'string' ? splitOnce(argument, '.') : (argument as [string, string]);
        return attributeValue(this.site(stack, logicalId), this.resolveString(stack, attribute));
      }
      case 'Fn::Join': {
        const [separator, items] = args() as [string, unknown[]];
        return items.join(separator);
      }
      case 'Fn::Select': {
        const [index, items] = args() as [string | number, unknown[]];
        return items[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, text] = args() as [string, string];
        return text.split(separator);
      }
      case 'Fn::FindInMap': {
        const [map, topKey, secondKey] = args() as [string, string, string];
        const value = stack.template.Mappings?.[map]?.[topKey]?.[secondKey];
        if (value === undefined)
          throw new Error(`${stack.stackName}: Fn::FindInMap ${map}.${topKey}.${secondKey} is missing`);
        return value;
      }
      case 'Fn::Sub':
        return this.sub(stack, argument);
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = this.resolveValue(stack, argument) as Record<string, string>;
        return this.output(this.stackNamed(StackName), OutputName);
      }
      case 'Fn::ImportValue':
        return this.imported(this.resolveString(stack, argument));
    }
    throw new Error(`${stack.stackName}: ${name} is not supported by the access-table resolver`);
  }

  /** `Fn::Sub` in both forms: `${Name}` is a Ref, `${Name.Attr}` a GetAtt, `${!Text}` the literal `${Text}`. */
  private sub(stack: StackTemplate, argument: unknown): string {
    const [text, variables]: [string, Record<string, unknown>] =
      typeof argument === 'string' ? [argument, {}] : (argument as [string, Record<string, unknown>]);
    const values = this.resolveValue(stack, variables) as Record<string, unknown>;
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, reference: string) => {
      if (literal) return `\${${reference}}`;
      if (reference in values) return String(values[reference]);
      if (reference.includes('.')) return String(this.intrinsic(stack, 'Fn::GetAtt', reference));
      return String(this.ref(stack, reference));
    });
  }

  /** A stack output, resolved in its own stack. */
  output(stack: StackTemplate, outputName: string): unknown {
    const output = stack.template.Outputs?.[outputName];
    if (!output) throw new Error(`${stack.stackName} has no output ${outputName}`);
    return this.resolve(stack, output.Value);
  }

  private imported(exportName: string): unknown {
    for (const stack of this.byName.values()) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export && this.resolve(stack, output.Export.Name) === exportName) {
          return this.resolve(stack, output.Value);
        }
      }
    }
    throw new Error(`no stack exports ${exportName}`);
  }
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return [text.slice(0, index), text.slice(index + 1)];
}
