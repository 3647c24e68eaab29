export { AgiServer, type AgiServerOptions, type AgiHandler } from './agi-server';
export { AgiChannel, type GetDataResult } from './agi-channel';
export type { AgiEnvironment, AgiRequest } from './agi-environment';
export type { AgiReply } from './agi-reply';
export { AgiError, AgiHangupError, AgiCommandError, AgiTimeoutError, AgiProtocolError } from './agi-errors';
