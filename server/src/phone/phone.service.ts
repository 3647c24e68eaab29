import { extensionSchema, sipSecretWarning, type PhoneConfigResponse, type PhoneSecretList, type SetPhoneSecretResponse } from '@ondeck/shared';
import type { AppConfig } from '../config';
import type { AuditRepository } from '../db';
import type { Actor } from '../lib/actor';
import { AppError } from '../lib/app-error';
import type { Logger } from '../logging';
import type { OnDeckSipSecrets, SipSecretSource } from './phone-secrets.repository';

export interface PhoneServiceDeps {
  webrtc: AppConfig['webrtc'];
  /** FreePBX's asterisk.sip, when OnDeck runs on FreePBX. */
  freepbx?: SipSecretSource;
  local: OnDeckSipSecrets;
  audit: AuditRepository;
  logger: Logger;
}

/**
 * Hands each signed-in user the settings of their own softphone, secret included. No route
 * takes an extension to read: a user can only ever receive the secret of the extension on
 * their own account.
 */
export class PhoneService {
  constructor(private readonly deps: PhoneServiceDeps) {}

  async configFor(user: Pick<Actor, 'id' | 'username' | 'displayName' | 'extension' | 'ip'>): Promise<PhoneConfigResponse> {
    const { webrtc } = this.deps;
    if (webrtc.pbxServer === null) {
      throw new AppError('not_found', webrtc.unavailableReason ?? 'The softphone is not set up on this server. An administrator sets WEBRTC_PBX_SERVER in .env to enable it.');
    }
    if (user.extension === null) {
      throw new AppError('conflict', 'Your account has no extension, so there is no phone to register. Ask an administrator to set your extension.');
    }
    const secret = await this.secretFor(user.extension);
    await this.deps.audit.record({
      actorId: user.id, actorName: user.username, action: 'phone.config', target: `extension:${user.extension}`,
      result: secret === null ? 'failure' : 'success', ip: user.ip,
    });
    if (secret === null) {
      throw new AppError('not_found', `No SIP secret is known for extension ${user.extension}. An administrator sets it under Settings → Users (SIP secret), or in FreePBX.`);
    }
    return {
      server: webrtc.pbxServer,
      extension: user.extension,
      displayName: user.displayName,
      password: secret,
      iceServers: webrtc.iceServers,
      iceGatheringTimeoutMs: webrtc.iceGatheringTimeoutMs,
      codecPreference: webrtc.codecPreference,
      dtmfMode: webrtc.dtmfMode,
    };
  }

  /** Demo: the demo Kamailio's extension secrets become admin-set secrets, so the demo phones register. */
  async storeDemoSecrets(secrets: Readonly<Record<string, string>>): Promise<void> {
    for (const [extension, secret] of Object.entries(secrets)) await this.deps.local.store(this.parseExtension(extension), secret, null);
    if (Object.keys(secrets).length > 0) this.deps.logger.info({ extensions: Object.keys(secrets) }, 'demo softphone secrets stored');
  }

  /** Which extensions have a secret set in OnDeck (admin screen); the secrets never leave the server. */
  async listSecrets(): Promise<PhoneSecretList> {
    const rows = await this.deps.local.list();
    return { secrets: rows.map((row) => ({ extension: row.extension, updatedAt: row.updatedAt.toISOString() })), freepbx: this.deps.freepbx !== undefined };
  }

  /** Sets or replaces an extension's secret; an easy one is stored with a warning, not refused. */
  async setSecret(extension: string, secret: string, user: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<SetPhoneSecretResponse> {
    const parsed = this.parseExtension(extension);
    await this.deps.local.store(parsed, secret, user.id);
    const warning = sipSecretWarning(secret, parsed);
    await this.deps.audit.record({ actorId: user.id, actorName: user.username, action: 'phone.secret.set', target: `extension:${parsed}`, result: 'success', ip: user.ip });
    this.deps.logger.info({ extension: parsed, by: user.username, weak: warning !== null }, 'softphone secret set');
    return { warning };
  }

  /** Clears an extension's OnDeck-set secret; false when there was none. */
  async clearSecret(extension: string, user: Pick<Actor, 'id' | 'username' | 'ip'>): Promise<boolean> {
    const parsed = this.parseExtension(extension);
    const removed = await this.deps.local.remove(parsed);
    await this.deps.audit.record({
      actorId: user.id, actorName: user.username, action: 'phone.secret.clear', target: `extension:${parsed}`, result: removed ? 'success' : 'failure', ip: user.ip,
    });
    this.deps.logger.info({ extension: parsed, by: user.username, removed }, 'softphone secret cleared');
    return removed;
  }

  private parseExtension(extension: string): string {
    const parsed = extensionSchema.safeParse(extension);
    if (!parsed.success) throw new AppError('validation_failed', 'The extension must be 2 to 10 digits.', { fields: { extension: 'must be 2 to 10 digits' } });
    return parsed.data;
  }

  /** FreePBX first (it is what the PBX checks), then the secret an admin set in OnDeck. */
  private async secretFor(extension: string): Promise<string | null> {
    if (this.deps.freepbx) {
      try {
        const secret = await this.deps.freepbx.secretFor(extension);
        if (secret !== null) return secret;
      } catch (error) {
        this.deps.logger.warn({ extension, err: error instanceof Error ? error.message : String(error) }, 'FreePBX sip table not readable; trying OnDeck-set secret');
      }
    }
    return this.deps.local.secretFor(extension);
  }
}
