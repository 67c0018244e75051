import { ListMonitoringSchedulesCommand } from '@aws-sdk/client-sagemaker';
import { CheckResult, guard, PreflightScope, result } from './check';

const CHECK = 'model-monitor';

/**
 * SageMaker Model Monitor is no longer open to new customers; existing customers keep it (AWS: "Amazon SageMaker
 * Model Monitor availability change", https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-availability-change.html).
 * No API says whether an account counts as an existing customer: a monitoring schedule in the account and
 * region shows it uses Model Monitor; none leaves it in doubt, which is a warning.
 */
export async function checkModelMonitor(scope: PreflightScope): Promise<CheckResult[]> {
  const models = scope.environment.models.filter(
    (m) => m.target === 'sagemaker' && m.sagemaker.monitoring.enabled,
  );
  if (models.length === 0) return [];
  const subject = models.map((m) => m.name).join(', ');
  const closed = 'Model Monitor is closed to new customers';
  return guard(CHECK, subject, async () => {
    const listed = await scope.ctx.aws(
      { action: 'sagemaker:ListMonitoringSchedules', resource: 'the account' },
      () => scope.clients.sageMaker.send(new ListMonitoringSchedulesCommand({ MaxResults: 1 })),
    );
    if ((listed.MonitoringScheduleSummaries ?? []).length > 0) {
      return [
        result(
          CHECK,
          subject,
          'pass',
          `${closed}; this account has monitoring schedules in ${scope.region}, so it uses Model Monitor`,
        ),
      ];
    }
    return [
      result(
        CHECK,
        subject,
        'warn',
        `${closed}; this account has no monitoring schedule in ${scope.region}. If it never used Model Monitor, creating the schedule fails and the stack rollback deletes the endpoint: ` +
          `set sagemaker.monitoring.enabled: false for ${subject} in ${scope.environment.name} unless the account is an existing Model Monitor customer (data capture works without it)`,
      ),
    ];
  });
}
