export { PhoneService } from './phone.service';
export { phoneRoutes } from './phone.routes';
export { FreePbxSipSecrets, OnDeckSipSecrets, type SipSecretSource } from './phone-secrets.repository';
export { SecretBox } from './secret-box';
export { PhoneRecordingService, type RecordingPbx } from './phone-recording.service';
