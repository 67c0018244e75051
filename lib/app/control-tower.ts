import { AspectPriority, Aspects, CfnResource, IAspect, Stage, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { acknowledgeControl, denyGrantsExceptForAwsServices } from '../constructs/private/guard';
import { EncryptLogGroups } from '../constructs/private/log-encryption';
import { rulesFor } from './control-tower-rules';
import { controlTowerThread } from './control-tower-thread';
import { ControlTowerValidator } from './control-tower-validator';
import { EnvironmentStage } from './environment-stage';
import { ModelStack } from './model-stack';

/**
 * The AWS Control Tower proactive controls at every synth: the cfn-guard rules of
 * @cdklabs/cdk-validator-cfnguard run over the templates of the app's environment stages, and synthesis fails on a
 * finding that is neither fixed nor acknowledged with a reason. Two controls are met by changing the
 * templates of every environment stage in the app, the pipeline's copies included (what the pipeline
 * deploys is what was checked): every log group is encrypted with its stack's log key, and every key lets
 * only AWS services create grants. Call it once every stage exists. With `check: false` the templates change
 * the same way and only the rules are not run.
 */
export function addControlTowerChecks(
  app: Stage,
  options: { readonly check: boolean } = { check: true },
): void {
  // Aspects stop at stage boundaries, so they go on each environment stage, wherever it sits.
  const environmentStages = app.node
    .findAll()
    .filter((c): c is EnvironmentStage => c instanceof EnvironmentStage);
  for (const stage of environmentStages) {
    Aspects.of(stage).add(new EncryptLogGroups(), { priority: AspectPriority.MUTATING });
    Aspects.of(stage).add(new RestrictKeyGrants(), { priority: AspectPriority.MUTATING });
    Aspects.of(stage).add(new AcknowledgeProvidedResources());
  }
  if (!options.check) return;
  // One plugin, on the app and after aws-cdk-lib's own validation (which aws-cdk-lib adds with the first stage),
  // for the top-level environment stages (an app without any has nothing to check): the pipeline's copies of them
  // are the same templates, so the pipeline stack is not checked. Its thread builds the engine now, with the rules for the resource types the stages declare, and
  // evaluates each stage's templates as soon as they are written.
  const topLevelStages = app.node.children.filter(
    (c): c is EnvironmentStage => c instanceof EnvironmentStage,
  );
  if (topLevelStages.length === 0) return;
  controlTowerThread.prepare(rulesFor(declaredResourceTypes(topLevelStages)).map((rule) => rule.file));
  const validator = new ControlTowerValidator();
  validator.checkAsWritten(topLevelStages);
  Validations.of(app).addPlugins(validator);
}

/** The CloudFormation resource types declared in these stages so far. */
function declaredResourceTypes(stages: readonly Stage[]): Set<string> {
  return new Set(
    stages.flatMap((stage) =>
      stage.node.findAll().flatMap((c) => (c instanceof CfnResource ? [c.cfnResourceType] : [])),
    ),
  );
}

/** Lets only AWS services create grants on every key (CT.KMS.PR.3), once per key. */
class RestrictKeyGrants implements IAspect {
  private readonly done = new WeakSet<kms.Key>();

  visit(node: IConstruct): void {
    if (!(node instanceof kms.Key) || this.done.has(node)) return;
    this.done.add(node);
    denyGrantsExceptForAwsServices(node);
  }
}

/**
 * Acknowledges, resource by resource, the controls that the functions and log groups aws-cdk-lib and the
 * SageMaker scaling guard bring do not meet, and the critical alarms that page through the model's health
 * alarm rather than on their own.
 */
class AcknowledgeProvidedResources implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof ModelStack) acknowledgeCriticalAlarms(node);
    const id = node.node.id;
    if (node instanceof lambda.Function && id.startsWith('Custom::CDKBucketDeployment')) {
      acknowledgeControl(
        node,
        'lambdaInVpc',
        'The aws-cdk-lib BucketDeployment function runs only while CloudFormation deploys, copying the staged ' +
          'artifact from the CDK asset bucket into the model bucket through the public S3 endpoint; it serves no traffic.',
      );
    }
    if (id === 'Custom::S3AutoDeleteObjectsCustomResourceProvider') {
      acknowledgeControl(
        node,
        'lambdaInVpc',
        'The aws-cdk-lib provider that empties a bucket destroyed with its stack (destroyOnDelete environments) ' +
          'runs only when the stack is deleted and calls the S3 API alone.',
      );
    }
    if (node instanceof lambda.Function && id === 'EndpointScalingGuardFunction') {
      acknowledgeControl(
        node,
        'lambdaInVpc',
        'The scaling guard is a deploy-time custom resource that calls only the SageMaker and Application Auto ' +
          'Scaling APIs; it touches no data in a VPC.',
      );
    }
    if (node instanceof logs.LogGroup && id === 'EndpointScalingGuardFunctionLogs') {
      acknowledgeControl(
        node,
        'logRetentionYear',
        'Holds only the scaling guard’s deploy-time logs, which matter for the days after a deploy; 90 days is ample.',
      );
    }
  }
}

/** Critical alarms notify nobody themselves: they roll up into the model's health alarm, which pages. */
function acknowledgeCriticalAlarms(stack: ModelStack): void {
  for (const member of stack.alarmPack.alarms) {
    if (member.severity !== 'critical') continue;
    acknowledgeControl(
      member.alarm,
      'alarmAction',
      member.rollback
        ? 'A rollback alarm: the deployment (CodeDeploy or SageMaker) reads its state and rolls back, and the ' +
            'model’s composite health alarm pages the critical topic; an action here would page twice.'
        : 'Rolls up into the model’s composite health alarm, which pages the critical topic: one page per ' +
            'unhealthy model, not one per symptom.',
    );
  }
}
