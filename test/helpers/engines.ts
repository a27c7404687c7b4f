import { createEngineRegistry } from '../../services/engines/registry';

/** The engine registry the product builds, for tests that hand it to a provider or a feature. */
export const testEngines = createEngineRegistry();
