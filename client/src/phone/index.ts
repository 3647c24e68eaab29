/** Public surface of the softphone core; everything else in this folder is internal. */
export { Phone, MAX_CALLS } from './phone';
export { DEFAULT_CALL_RECOVERY_MS } from './call-recovery';
export { CallLink } from './call-link';
export type { PhoneSnapshot, PhoneEvents, PhoneDeviceChoice, PhoneOptions } from './phone';
export { PhoneCall, CallActionError } from './phone-call';
export { TransferError } from './call-transfer';
export type { CallSnapshot, CallDirection, CallRole, TransferProgress } from './phone-call';
export { CallState, CallMachine } from './call-state';
export { IllegalTransitionError } from './illegal-transition';
export { RegistrationState, RegistrationMachine } from './registration-state';
export type { RegistrationFailure, RegistrationFailureReason } from './registration-state';
export type { RegistrationSnapshot } from './phone-registration';
export { resolvePhoneConfig, PhoneConfigError, MIN_REGISTER_EXPIRES } from './phone-config';
export type { PhoneConfig, DtmfMode, ResolvedPhoneConfig } from './phone-config';
export { checkDialTarget, isDtmfTone } from './dial-target';
export type { CodecPreference } from './sdp-codecs';
export type { CallOutcome } from './call-outcome';
export { MIC_BLOCKED_HELP } from './call-outcome';
