/** The scratch cluster of a drill: named after its source and the drill, so a repeated request finds the one already made. */
export function scratchName(sourceName: string, drillId: string): string {
  return `${sourceName.slice(0, 24).replace(/-+$/, '')}-drill-${drillId.slice(0, 8)}`;
}

/** One open page per cluster for failed drills: a later failure joins it, a passed drill resolves it. */
export const drillPageKey = (clusterId: string): string => `restore-drill:${clusterId}`;
