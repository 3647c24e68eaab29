export { classifyAddress, isAddressAllowed, STRICT_OUTBOUND_POLICY, type AddressClass, type OutboundPolicy } from './address-policy';
export {
  OutboundHttp,
  OutboundRefusedError,
  OutboundRequestError,
  ADDRESS_NOT_ALLOWED,
  type OutboundRequest,
  type OutboundResponse,
  type Resolver,
} from './outbound-http';
