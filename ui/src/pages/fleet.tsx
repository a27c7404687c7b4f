import { FleetAtRisk } from './fleet-at-risk';
import { FleetHealthMap } from './fleet-health-map';
import { FleetMaintenance } from './fleet-maintenance';
import { FleetRestoreDrills } from './fleet-restore-drills';
import { FleetFailovers } from './fleet-failovers';

/**
 * The fleet page: the health macro view first (what is wrong now), then what will go wrong: clusters
 * at risk of running out of capacity, upcoming node replacements, the recent failovers, the oldest
 * nodes and restore drills (short, server-limited lists).
 */
export function Fleet() {
  return (
    <main>
      <h1>Fleet</h1>
      <FleetHealthMap />
      <div class="planning">
        <FleetAtRisk />
        <FleetMaintenance />
        <FleetRestoreDrills />
        <FleetFailovers />
      </div>
    </main>
  );
}
