/** AMI link state as shown to admins and in GET /api/status. */
export type PbxLinkState = 'disabled' | 'connecting' | 'connected' | 'reconnecting' | 'auth_failed';

export interface PbxStatus {
  state: PbxLinkState;
  /** ISO time the link went down, while reconnecting. */
  since: string | null;
  lastError: string | null;
  /** Banner version, e.g. "Asterisk Call Manager/11.0.0". */
  banner: string | null;
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}
