export { Realtime, userRoom, type OnDeckIo, type OnDeckSocket, type RealtimeDeps } from './realtime.server';
export { withAck } from './socket-handler';
