/** The API's answers, typed from the server's own schemas (type-only: nothing is bundled). */
export type {
  ClusterView as Cluster,
  ClusterDetailView as ClusterDetail,
  NodeView as ClusterNode,
  OperationView as Operation,
  TeamView as Team,
  TokenInfoView as TokenInfo,
  TransferOfferView as TransferOffer,
  DatabaseUserView as DatabaseUser,
  IssuedPasswordView as IssuedPassword,
  RegionView as Region,
  EngineView as Engine,
} from '../../services/api/json-types';
