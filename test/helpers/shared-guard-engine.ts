import { guardEngines, rulesFor } from '../../lib/app/control-tower-rules';
import { controlTowerThread } from '../../lib/app/control-tower-thread';

/**
 * Builds the Control Tower guard engines of a jest worker with the rules for every resource type this project's
 * stacks declare (a `setupFiles` entry of the end-to-end suites, whose test files share the worker's modules): the
 * one on the controls' thread, which the apps' synths use, and the one suites that evaluate rules directly use.
 *
 * The app builds the engine once per process, with the rules for the resource types of its templates, and again
 * with more rules when a later synth needs them; each build loads every CloudFormation resource schema, seconds. The
 * test apps of a worker, each with a different mix of resource types, would rebuild it again and again; built with
 * every project rule at first, it is built once. A type missing from the list costs one more build, not a missed
 * check.
 */
const PROJECT_TYPES = [
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::CodeBuild::Project',
  'AWS::CodeDeploy::Application',
  'AWS::CodeDeploy::DeploymentConfig',
  'AWS::CodeDeploy::DeploymentGroup',
  'AWS::CodePipeline::Pipeline',
  'AWS::Events::Rule',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Lambda::Alias',
  'AWS::Lambda::Function',
  'AWS::Lambda::LayerVersion',
  'AWS::Lambda::Url',
  'AWS::Lambda::Version',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SageMaker::DataQualityJobDefinition',
  'AWS::SageMaker::Endpoint',
  'AWS::SageMaker::EndpointConfig',
  'AWS::SageMaker::Model',
  'AWS::SageMaker::MonitoringSchedule',
];
const PROJECT_RULES = rulesFor(new Set(PROJECT_TYPES)).map((rule) => rule.file);

const build = guardEngines.build;
guardEngines.build = (ruleFiles) => build([...new Set([...ruleFiles, ...PROJECT_RULES])].sort());
controlTowerThread.prepare(PROJECT_RULES);
