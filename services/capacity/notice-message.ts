import type { CapacityForecastRecord } from './sql/forecast-repository';

/** What a notice needs to know about the cluster it is about. */
export interface NoticeSubject {
  name: string;
  engine: string;
  ownerTeamName: string;
  simulated: boolean;
}

export interface SlackMessage {
  channel?: string;
  text: string;
}

const day = (d: Date | null): string => (d ? d.toISOString().slice(0, 10) : 'beyond the horizon');
const percent = (fill: number): string => `${Math.round(fill * 100)}%`;

/** One line a person can act on: which cluster, when, how sure, how fast it grows, what to run next. */
export function capacityNoticeText(subject: NoticeSubject, forecast: CapacityForecastRecord, thresholdDays: number): string {
  const resource = forecast.resource === 'memory' ? 'memory' : 'disk';
  const growth = `${forecast.dailyGrowthGb >= 0 ? '+' : ''}${forecast.dailyGrowthGb.toFixed(1)} GB/day`;
  const window =
    forecast.earliestAt || forecast.latestAt ? ` (likely between ${day(forecast.earliestAt)} and ${day(forecast.latestAt)})` : '';
  return [
    `:warning: Capacity: ${subject.engine} cluster ${subject.name}${subject.simulated ? ' (simulated)' : ''} of team ${subject.ownerTeamName}`,
    `runs out of usable ${resource} in ${forecast.daysLeft ?? '?'} days, around ${day(forecast.exhaustionAt)}${window};`,
    `it crossed the ${thresholdDays}-day warning.`,
    `Now ${percent(forecast.fillNow)} full (${forecast.usedGb.toFixed(0)} of ${forecast.capacityGb.toFixed(0)} GB), ${growth}.`,
    `Details and sizing: datafleet capacity show ${subject.name}`,
  ].join(' ');
}

/** The same text for the owning team's channel (when it has one) and the platform channel. */
export function capacityNoticeMessages(text: string, teamChannel: string | null, platformChannel: string): SlackMessage[] {
  const channels = [...new Set([teamChannel, platformChannel].filter((c): c is string => Boolean(c)))];
  return channels.map((channel) => ({ channel, text }));
}
