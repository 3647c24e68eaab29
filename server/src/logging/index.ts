export { chooseLogFormat, createLogger, createProcessLogger, runWithRequestContext, setRequestUser, type LogFormat, type Logger } from './logger';
export { boxed, table } from './banner';
