export { AmiConnection } from './ami-connection';
export type { AmiConnectionEvents, AmiConnectionOptions } from './ami-connection';
export { AmiClient, DEFAULT_AMI_EVENTS } from './ami-client';
export type {
  AmiActionOptions,
  AmiClientEvents,
  AmiClientOptions,
  AmiClientState,
  AmiFields,
  AmiListResult,
  AmiSocketFactory,
  AmiSocketTarget,
} from './ami-client';
export { AmiMessage, AmiParser, serializeAmi, sanitizeAmiValue, AMI_LIMITS } from './codec';
export type { AmiFieldValue, AmiParserEvents } from './codec';
export {
  AmiActionError,
  AmiAuthError,
  AmiDisconnectedError,
  AmiError,
  AmiListCancelledError,
  AmiTimeoutError,
} from './errors';
