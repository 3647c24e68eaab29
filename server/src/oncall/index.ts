export { createOnCallModule, type OnCallModule, type OnCallModuleDeps } from './oncall.module';
export { OnCallTakeoverService, type OnCallTakeoverDeps, type TakeoverCall } from './line/oncall-takeover.service';
export {
  createOnCallTakeoverAgi,
  divisionFromEnvironment,
  ONCALL_TAKEOVER_SCRIPT,
  type OnCallTakeoverAgiOptions,
} from './line/oncall-takeover.agi';
export { OnCallMembersService, InvalidMemberError, type RegisterMemberInput } from './directory/oncall-members.service';
export { OnCallLockout, DEFAULT_LOCKOUT_RULES, type LockoutRules } from './line/oncall-lockout';
export { OnCallRepository } from './line/oncall.repository';
export { OnCallAuditRepository } from './audit/oncall-audit.repository';
export { PinHasher, isValidPin } from './line/pin-hasher';
export type { OnCallRouting, OnCallNotifier, OnCallChange, OnCallStore, OnCallAuditLog } from './oncall.ports';
export type * from './oncall.types';
export { AmiAstDb, type AstDb } from './line/astdb.repository';
export { AstDbOnCallRouting, ONCALL_FAMILY, ONCALL_FALLBACK_FAMILY } from './line/oncall-routing.service';
export { OnCallOutbox, DEFAULT_OUTBOX_RULES, SIGNATURE_HEADER, IDEMPOTENCY_HEADER, signBody, type OutboxRules } from './delivery/oncall-outbox.service';
export type { WebhookSender, WebhookResponse } from './delivery/webhook-http.repository';
export { seedDemoOnCall, type OnCallDemoSeedDeps } from './oncall-demo-seed';
