import * as path from 'path';
import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  NestedStack,
  PolicyValidationPluginReport,
  PolicyValidationStack,
  Stack,
  Stage,
  Token,
  attachCustomSynthesis,
} from 'aws-cdk-lib';
import { GUARD_PLUGIN_NAME } from '../constructs/private/guard';
import { mergeByRule, RULES_VERSION } from './control-tower-rules';
import { ControlTowerThread, controlTowerThread } from './control-tower-thread';

/**
 * The AWS Control Tower proactive controls as an aws-cdk-lib validation plugin, evaluated on the controls' own
 * thread (control-tower-thread.ts) by the cfn-guard engine of control-tower-rules.ts. Findings are reported, and
 * acknowledged, under the name of the package that bundles the rules.
 *
 * Handed stages with `checkAsWritten`, it checks only their templates, and starts on each stage's as soon as the
 * stage is synthesized: registered on the app, after aws-cdk-lib's own validation, it then only collects what the
 * thread found meanwhile. Without stages it checks every template it is given, when it is given them.
 */
export class ControlTowerValidator implements IPolicyValidationPlugin {
  readonly name = GUARD_PLUGIN_NAME;
  readonly version = RULES_VERSION;
  private readonly stageDirs: string[] = [];
  /** Evaluations started at stage synthesis, by the templates they cover. */
  private readonly started = new Map<string, number>();

  constructor(private readonly thread: ControlTowerThread = controlTowerThread) {}

  /** Checks these stages' templates (and only theirs), each started on as soon as its stage is synthesized. */
  checkAsWritten(stages: readonly Stage[]): void {
    for (const stage of stages) {
      this.stageDirs.push(path.resolve(stage.outdir));
      // A stage takes one synthesis hook; a second validator on it checks its templates when it validates.
      if (handedOff.has(stage)) continue;
      handedOff.add(stage);
      attachCustomSynthesis(stage, {
        // Called once the stage's stacks are written, before the app's own stacks and any validation.
        onSynthesize: () => {
          const stackTemplates = stackTemplatesOf(stage);
          this.started.set(templatesKey(stackTemplates), this.thread.evaluate(stackTemplates));
        },
      });
    }
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const reports = this.groups(context.stackTemplates).map((stackTemplates) => {
      const key = templatesKey(stackTemplates);
      const id = this.started.get(key) ?? this.thread.evaluate(stackTemplates);
      this.started.delete(key);
      return this.thread.answer(id);
    });
    const violations = mergeByRule(reports.flatMap((report) => report.violations));
    return { success: violations.length === 0, violations };
  }

  /** The templates to check, one group per stage (all of them as one group without stages). */
  private groups(stackTemplates: readonly PolicyValidationStack[]): PolicyValidationStack[][] {
    if (this.stageDirs.length === 0) return stackTemplates.length > 0 ? [[...stackTemplates]] : [];
    return this.stageDirs
      .map((dir) => stackTemplates.filter((stack) => path.dirname(path.resolve(stack.templatePath)) === dir))
      .filter((group) => group.length > 0);
  }
}

/** The stages whose synthesis already starts a validator's evaluation. */
const handedOff = new WeakSet<Stage>();

/** A stage's stacks as aws-cdk-lib hands them to a validation plugin (nested stacks are part of their parent). */
function stackTemplatesOf(stage: Stage): PolicyValidationStack[] {
  return stage.node
    .findAll()
    .filter((c): c is Stack => Stack.isStack(c) && !NestedStack.isNestedStack(c) && Stage.of(c) === stage)
    .map((stack) => ({
      stackConstructPath: stack.node.path,
      templatePath: path.join(stage.outdir, stack.templateFile),
      accountId: Token.isUnresolved(stack.account) ? undefined : stack.account,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    }));
}

function templatesKey(stackTemplates: readonly PolicyValidationStack[]): string {
  return stackTemplates
    .map((stack) => path.resolve(stack.templatePath))
    .sort()
    .join('\n');
}
