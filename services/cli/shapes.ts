/** The API's answers the CLI prints: the server's own types (see services/api/json-types.ts). */
export type {
  ClusterDetailView as ClusterView,
  DatabaseUserView,
  IssuedPasswordView,
  IssuedTokenView,
  OperationView,
  TeamView,
  TokenInfoView,
  TransferOfferView,
} from '../api/json-types';
