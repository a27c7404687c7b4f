import { systemClock } from '../core/clock';
import { createEngineRegistry } from '../engines/registry';
import { LocalProvider } from '../providers/local/local-provider';

/**
 * The local provider as `datafleet local-nodes` uses it on the control plane's machine: the same
 * engines (and so the same local recipes) the server runs, without the rest of the server.
 */
export function localNodesProvider(dataRoot: string): LocalProvider {
  return new LocalProvider({ dataRoot, clock: systemClock, engines: createEngineRegistry() });
}
