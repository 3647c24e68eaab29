export { createOnCallModule, type OnCallModule, type OnCallModuleDeps } from './oncall.module';
export { OnCallTakeoverService, type OnCallTakeoverDeps, type TakeoverCall } from './oncall-takeover.service';
export {
  createOnCallTakeoverAgi,
  divisionFromEnvironment,
  ONCALL_TAKEOVER_SCRIPT,
  type OnCallTakeoverAgiOptions,
} from './oncall-takeover.agi';
export { OnCallMembersService, InvalidMemberError, type RegisterMemberInput } from './oncall-members.service';
export { OnCallLockout, DEFAULT_LOCKOUT_RULES, type LockoutRules } from './oncall-lockout';
export { OnCallRepository } from './oncall.repository';
export { OnCallAuditRepository } from './oncall-audit.repository';
export { PinHasher, isValidPin } from './pin-hasher';
export type { OnCallRouting, OnCallNotifier, OnCallChange, OnCallStore, OnCallAuditLog } from './oncall.ports';
export type * from './oncall.types';
export { AmiAstDb, type AstDb } from './astdb.repository';
export { AstDbOnCallRouting, ONCALL_FAMILY, ONCALL_FALLBACK_FAMILY } from './oncall-routing.service';
export { OnCallOutbox, DEFAULT_OUTBOX_RULES, SIGNATURE_HEADER, IDEMPOTENCY_HEADER, signBody, type OutboxRules } from './oncall-outbox.service';
export type { WebhookSender, WebhookResponse } from './webhook-http.repository';
export { seedDemoOnCall, type OnCallDemoSeedDeps } from './oncall-demo-seed';
