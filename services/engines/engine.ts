/**
 * The EngineAdapter port, declared in services/core/engine-port.ts so that providers and features
 * can speak it without importing an engine; re-exported here for the adapters beside it.
 */
export type {
  BackupArtifact,
  BackupProfile,
  BackupKind,
  LocalBackups,
  RestoreSource,
  CatalogVersion,
  Credentials,
  EngineAdapter,
  EngineRegistry,
  LocalRecipe,
  NodeEndpoint,
  NodeSettings,
  PrepareInput,
  ProbePeer,
  ProbeResult,
  RealDriver,
  RealDriverTarget,
  RunAs,
  SettingValue,
  SimulatedProfile,
  SizingInput,
  SizingProfile,
  SpawnSpec,
  Switchover,
  TargetNode,
  VersionCatalog,
} from '../core/engine-port';
