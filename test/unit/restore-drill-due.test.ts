import { describe, expect, it } from 'vitest';
import { drillDue } from '../../services/restore-drills/drill-scan';
import { scratchName } from '../../services/restore-drills/drill-names';
import { CLUSTER_NAME_PATTERN } from '../../services/fleet/defaults';

const DAY = 86_400_000;
// Saturday 5 December 2026, 02:30 UTC.
const now = new Date('2026-12-05T02:30:00Z');
const saturdayNight = { day: 'sat', start: '02:00', durationMinutes: 120, timeZone: 'UTC' } as const;
const tuesdayNight = { ...saturdayNight, day: 'tue' } as const;

describe('when a scheduled restore drill is due', () => {
  it('is due weekly, inside the maintenance window, and never while one runs', () => {
    const idle = { running: false, maintenanceWindow: saturdayNight };
    expect(drillDue({ ...idle, lastDrillAt: null }, 7, now)).toBe(true);
    expect(drillDue({ ...idle, lastDrillAt: new Date(now.getTime() - 7 * DAY) }, 7, now)).toBe(true);
    // Started late in last week's window: still due in this one (a tenth of slack).
    expect(drillDue({ ...idle, lastDrillAt: new Date(now.getTime() - 6.5 * DAY) }, 7, now)).toBe(true);
    expect(drillDue({ ...idle, lastDrillAt: new Date(now.getTime() - 3 * DAY) }, 7, now)).toBe(false);
    expect(drillDue({ ...idle, running: true, lastDrillAt: null }, 7, now)).toBe(false);
    expect(drillDue({ ...idle, maintenanceWindow: tuesdayNight, lastDrillAt: null }, 7, now)).toBe(false);
    // A cluster without a window accepts work at any time.
    expect(drillDue({ running: false, maintenanceWindow: null, lastDrillAt: null }, 7, now)).toBe(true);
  });

  it('names the scratch cluster after its source and drill, within the cluster name rules', () => {
    const name = scratchName('a-very-long-cluster-name-for-orders-x', '0123abcd-0000-4000-8000-000000000000');
    expect(name).toBe('a-very-long-cluster-name-drill-0123abcd');
    expect(new RegExp(CLUSTER_NAME_PATTERN).test(name)).toBe(true);
    expect(scratchName('orders', '0123abcd-0000')).toBe('orders-drill-0123abcd');
  });
});
