import { PropProblem } from '../errors/validation';
import type { EndpointAutoScaling, ScalingSubject } from './autoscaling';
import { instanceFacts } from './instance-types';

const AS = 'autoScaling';

/**
 * Every rule the scaling settings break for a variant, keyed by the prop to blame (`autoScaling.<field>`).
 * Serverless variants scale provisioned concurrency, which must stay within the variant's MaxConcurrency
 * ("ProductionVariantServerlessConfig": ProvisionedConcurrency ≤ MaxConcurrency).
 */
export function autoScalingProblems(scaling: EndpointAutoScaling, subject: ScalingSubject): PropProblem[] {
  const problems: PropProblem[] = [];
  const { minCapacity: min, maxCapacity: max } = scaling;
  // Real-time instance variants keep at least one instance; asynchronous endpoints scale to zero ("Autoscale an
  // asynchronous endpoint", https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html).
  const lowest = subject.serverless || subject.asynchronous ? 0 : 1;
  if (!Number.isInteger(min) || min < lowest) {
    problems.push({
      field: `${AS}.minCapacity`,
      value: String(min),
      message:
        lowest === 1
          ? 'must be a whole number >= 1: only asynchronous endpoints ({asyncInference}) scale an instance variant to zero'
          : `must be a whole number >= ${lowest}`,
    });
  }
  if (subject.asynchronous && typeof scaling.targetInvocationsPerInstance === 'number') {
    problems.push({
      field: `${AS}.targetInvocationsPerInstance`,
      value: String(scaling.targetInvocationsPerInstance),
      message:
        'cannot drive an asynchronous endpoint: it publishes no InvocationsPerInstance; use targetBacklogPerInstance',
      related: ['asyncInference'],
    });
  }
  const backlog = scaling.targetBacklogPerInstance;
  if (backlog !== undefined && !subject.asynchronous) {
    problems.push({
      field: `${AS}.targetBacklogPerInstance`,
      value: String(backlog),
      message:
        'applies to asynchronous endpoints only ({asyncInference}); real-time endpoints have no backlog',
    });
  } else if (backlog !== undefined && !(backlog > 0)) {
    problems.push({
      field: `${AS}.targetBacklogPerInstance`,
      value: String(backlog),
      message: 'must be > 0',
    });
  }
  if (min > max) {
    problems.push({
      field: `${AS}.minCapacity`,
      value: String(min),
      message: `must be <= {${AS}.maxCapacity} (${max})`,
    });
  } else if (subject.serverlessMaxConcurrency !== undefined && max > subject.serverlessMaxConcurrency) {
    problems.push({
      field: `${AS}.maxCapacity`,
      value: String(max),
      message: `must be <= {serverless.maxConcurrency} (${subject.serverlessMaxConcurrency})`,
    });
  }
  const utilization = scaling.targetProvisionedConcurrencyUtilization;
  if (utilization !== undefined && (utilization <= 0 || utilization > 1)) {
    problems.push({
      field: `${AS}.targetProvisionedConcurrencyUtilization`,
      value: String(utilization),
      message: 'must be in (0, 1]',
    });
  }
  const facts = subject.instanceType ? instanceFacts(subject.instanceType) : undefined;
  if (scaling.targetCpuUtilizationPercent !== undefined && !facts) {
    problems.push({
      field: `${AS}.targetCpuUtilizationPercent`,
      value: String(scaling.targetCpuUtilizationPercent),
      message: `needs the vCPU count of ${subject.instanceType} ({instance.instanceType}) to normalise CPUUtilization, and it is not in the instance table; use targetInvocationsPerInstance or a listed instance type`,
    });
  }
  if (scaling.targetGpuUtilizationPercent !== undefined && !(facts && facts.gpus > 0)) {
    problems.push({
      field: `${AS}.targetGpuUtilizationPercent`,
      value: String(scaling.targetGpuUtilizationPercent),
      message: `needs an instance type with GPUs; ${subject.instanceType} ({instance.instanceType}) has none known`,
    });
  }
  if (
    !subject.serverless &&
    !subject.asynchronous &&
    !tracksAnything(scaling) &&
    (scaling.schedules ?? []).length === 0
  ) {
    problems.push({
      field: `${AS}.targetInvocationsPerInstance`,
      value: 'false',
      message:
        'turns the invocations policy off, and no other target (targetConcurrentRequestsPerModel, targetCpuUtilizationPercent, targetGpuUtilizationPercent) or schedule is set: nothing would change the instance count; set one, or turn autoscaling off',
    });
  }
  (scaling.schedules ?? []).forEach((schedule, index) => {
    if (schedule.minCapacity > schedule.maxCapacity) {
      problems.push({
        field: `${AS}.schedules.${index}.minCapacity`,
        value: String(schedule.minCapacity),
        message: `must be <= {${AS}.schedules.${index}.maxCapacity} (${schedule.maxCapacity})`,
      });
    } else if (
      subject.serverlessMaxConcurrency !== undefined &&
      schedule.maxCapacity > subject.serverlessMaxConcurrency
    ) {
      problems.push({
        field: `${AS}.schedules.${index}.maxCapacity`,
        value: String(schedule.maxCapacity),
        message: `must be <= {serverless.maxConcurrency} (${subject.serverlessMaxConcurrency})`,
      });
    }
  });
  return problems;
}

/** Whether a target other than invocations per instance is set. */
export function tracksOtherMetrics(scaling: EndpointAutoScaling): boolean {
  return (
    scaling.targetConcurrentRequestsPerModel !== undefined ||
    scaling.targetCpuUtilizationPercent !== undefined ||
    scaling.targetGpuUtilizationPercent !== undefined
  );
}

/** Whether an instance variant gets at least one target-tracking policy. */
function tracksAnything(scaling: EndpointAutoScaling): boolean {
  return scaling.targetInvocationsPerInstance !== false || tracksOtherMetrics(scaling);
}
