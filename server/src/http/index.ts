export { parseInput, fieldErrors } from './validate';
export {
  route,
  currentUser,
  currentActor,
  allowsRole,
  isValidAccess,
  type ApiState,
  type ApiContext,
  type RouteAccess,
  type RouteDefinition,
  type HttpMethod,
} from './route';
export { contractRoute, ExplicitReply, type Download, type Encodes, type ContractHandler } from './contract-route';
export { clientAddress, koaProxyOptions } from './client-address';
