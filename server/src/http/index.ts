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
export { clientAddress, koaProxyOptions } from './client-address';
