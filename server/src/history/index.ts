export type { CdrRow } from './cdr-row';
export { cdrRowFromEvent, linkedIdsFromEvents } from './cdr-event';
export { DEFAULT_RULES, type CallDirection, type DirectionRules } from './direction';
export { groupCalls, type CallLeg, type CallOutcome, type CallSummary } from './call-grouping';
export { createCallHistory, type CallHistoryDeps } from './history.module';
