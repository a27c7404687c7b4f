import type { EngineView, RegionView } from '../api/json-types';
import { CliError, type ApiClient } from './client';
import { ENVIRONMENTS } from './closed-sets';

/**
 * Every problem with a command's values, found before anything is sent and reported together (exit 2),
 * so a person fixes them all in one go. Values with a closed list name the list.
 */
export class UsageProblems {
  private readonly problems: string[] = [];

  add(problem: string): void {
    this.problems.push(problem);
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    if (this.problems.length === 1) throw new CliError(`error: ${this.problems[0]} (nothing was sent)`, 2);
    throw new CliError(`error: ${this.problems.length} problems, nothing was sent:\n${this.problems.map((p) => `  ${p}`).join('\n')}`, 2);
  }
}

export interface Catalogs {
  engines: EngineView[];
  regions: RegionView[];
}

/** The server's engines and regions: what a cluster request may name (two small GETs, in parallel). */
export async function fetchCatalogs(client: ApiClient): Promise<Catalogs> {
  const [engines, regions] = await Promise.all([
    client.request<EngineView[]>('GET', '/api/engines'),
    client.request<RegionView[]>('GET', '/api/regions'),
  ]);
  return { engines, regions };
}

/** The API's cluster name rule (CLUSTER_NAME_PATTERN), in the words the API uses. */
const CLUSTER_NAME = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

export interface ClusterChoice {
  name?: string;
  engine: string;
  regions: string[];
  /** Versions named by flag, e.g. `{ '--version': '7.2.6' }` or a campaign's `--from` and `--to`. */
  versions?: Record<string, string | undefined>;
  environment?: string;
}

/**
 * What a request to create (`creates`), adopt (`adopts`) or select (`selects`, a campaign's) clusters
 * names: the engine, each region (and for a new cluster, that the region creates nodes of that
 * engine), the version in the engine's catalog, the environment and the name.
 */
export function checkClusterChoice(
  problems: UsageProblems,
  catalogs: Catalogs,
  choice: ClusterChoice,
  purpose: 'creates' | 'adopts' | 'selects',
): void {
  if (choice.name !== undefined && !CLUSTER_NAME.test(choice.name))
    problems.add(
      `name "${choice.name}" must be DNS-safe: 3 to 40 lowercase letters, digits or dashes, starting with a letter and not ending with a dash`,
    );
  const engine = catalogs.engines.find((e) => e.name === choice.engine);
  if (!engine)
    problems.add(
      `--engine ${choice.engine}: not an engine Datafleet runs; choose one of ${catalogs.engines.map((e) => e.name).join(', ')}`,
    );
  for (const name of choice.regions) {
    const region = catalogs.regions.find((r) => r.name === name);
    if (!region) {
      problems.add(`--region ${name}: no such region; choose from ${catalogs.regions.map((r) => r.name).join(', ')}`);
      continue;
    }
    const capability = purpose === 'creates' ? 'createsNodes' : purpose === 'adopts' ? 'adoptsNodes' : undefined;
    const fits = catalogs.regions.filter(
      (r) => (!capability || r.capabilities.includes(capability)) && (!engine || r.engines.includes(engine.name)),
    );
    if (capability && !region.capabilities.includes(capability))
      problems.add(
        `--region ${name} ${purpose === 'creates' ? 'only adopts clusters' : 'creates clusters, it does not adopt them'}; choose from ${fits.map((r) => r.name).join(', ')}`,
      );
    else if (engine && !region.engines.includes(engine.name))
      problems.add(`--region ${name} does not run ${engine.name}; regions that do: ${fits.map((r) => r.name).join(', ')}`);
  }
  for (const [flag, version] of Object.entries(choice.versions ?? {}))
    if (engine && version !== undefined && !engine.versions.some((v) => v.version === version))
      problems.add(`${flag} ${version}: not a ${engine.name} version; choose one of ${engine.versions.map((v) => v.version).join(', ')}`);
  if (choice.environment !== undefined && !(ENVIRONMENTS as readonly string[]).includes(choice.environment))
    problems.add(`--environment ${choice.environment}: choose one of ${ENVIRONMENTS.join(', ')}`);
}
