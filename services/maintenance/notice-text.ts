import type { Replacement } from './sql/replacement-rows';

/*
 * The words of maintenance notices (Slack incoming-webhook `text`, mrkdwn). One sentence says what
 * will happen or happened, the next why, so an owner reading only the preview knows enough.
 */

const reasonText = (r: Pick<Replacement, 'reason' | 'detail'>) =>
  r.reason === 'retirement' ? `the provider retires its hardware (${r.detail})` : r.detail;
const deadlineText = (deadline: Date | null) => (deadline ? `provider deadline ${deadline.toISOString()}` : 'no provider deadline');

export function scheduledText(r: Replacement, why: string, operationId: string, rescheduled = false): string {
  const verb = rescheduled ? ':calendar: Maintenance moved earlier' : ':calendar: Maintenance scheduled';
  return (
    `${verb}: node \`${r.nodeName}\` of *${r.clusterName}* will be replaced at ${r.scheduledFor.toISOString()}, ${why}. ` +
    `A new node copies its data first, then the old node is terminated. Why: ${reasonText(r)}; ${deadlineText(r.deadline)}. Operation ${operationId}.`
  );
}

export function succeededText(r: Replacement, replacement: string | null): string {
  return (
    `:white_check_mark: Maintenance done: node \`${r.nodeName}\` of *${r.clusterName}* was replaced${replacement ? ` by \`${replacement}\`` : ''} ` +
    `and terminated. Operation ${r.operationId ?? '-'}.`
  );
}

export function failedText(r: Replacement, error: string): string {
  return (
    `:x: Maintenance failed: replacing node \`${r.nodeName}\` of *${r.clusterName}* did not complete: ${error}. ` +
    `A person must act${r.deadline ? ` before the provider's deadline ${r.deadline.toISOString()}` : ''}. Operation ${r.operationId ?? '-'}.`
  );
}
