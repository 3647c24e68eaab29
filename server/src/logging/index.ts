export { createLogger, runWithRequestContext, setRequestUser, type Logger } from './logger';
export { boxed, table } from './banner';
