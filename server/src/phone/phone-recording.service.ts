import type { CallView, RecordingState, Role, SetRecordingRequest } from '@ondeck/shared';
import type { AuditRepository } from '../db';
import { AppError } from '../lib/app-error';
import type { Logger } from '../logging';
import type { Actor } from '../lib/actor';
import type { Clock } from '../lib/clock';
import type { AmiActionPort } from '../pbx';

/** What recording needs of the PBX: the live calls and the AMI action port. */
export interface RecordingPbx extends AmiActionPort {
  calls(): CallView[];
}

export interface PhoneRecordingDeps {
  pbx: RecordingPbx;
  /** Roles allowed to record their own calls (an admin setting). */
  allowedRoles: () => readonly Role[];
  audit: AuditRepository;
  logger: Logger;
  clock: Clock;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Records the user's own current call with MixMonitor on their channel. Files go where
 * FreePBX keeps on-demand recordings (monitor/YYYY/MM/DD/ondemand-<ext>-<other>-<date>-<time>-<uniqueid>.wav),
 * so its CDR viewer finds them.
 */
export class PhoneRecordingService {
  /** Channel -> file, for the calls this server started recording. */
  private readonly recording = new Map<string, string>();

  constructor(private readonly deps: PhoneRecordingDeps) {}

  /** How many channels this server believes it is recording (live ones only, see forgetEnded). */
  get trackedChannels(): number {
    return this.recording.size;
  }

  /**
   * Drops channels that are no longer in any live call: MixMonitor ended with them, and an
   * entry kept forever would grow the map with every recorded call.
   */
  forgetEnded(): void {
    if (this.recording.size === 0) return;
    const live = new Set(this.deps.pbx.calls().flatMap((call) => call.parties.map((party) => party.channel)));
    for (const channel of this.recording.keys()) if (!live.has(channel)) this.recording.delete(channel);
  }

  async set({ on }: SetRecordingRequest, user: Pick<Actor, 'id' | 'username' | 'role' | 'extension' | 'ip'>): Promise<RecordingState> {
    if (!this.deps.allowedRoles().includes(user.role)) {
      throw new AppError('forbidden', 'Your role may not record calls. Ask an administrator to allow it under Settings.');
    }
    this.forgetEnded();
    const extension = user.extension;
    const call = extension === null ? undefined : this.deps.pbx.calls().find((c) => c.state !== 'ringing' && c.extensions.includes(extension));
    const party = call?.parties.find((p) => p.extension === extension);
    if (!call || !party || extension === null) {
      throw new AppError('conflict', 'You are not in a call right now, so there is nothing to record.');
    }
    const other = call.parties.find((p) => p !== party)?.number.replace(/[^0-9A-Za-z+]/g, '') || 'unknown';
    let file = this.recording.get(party.channel) ?? null;
    try {
      if (on && file === null) {
        file = this.fileName(extension, other, call.id);
        await this.deps.pbx.action({ Action: 'MixMonitor', Channel: party.channel, File: file, Options: 'b' });
        this.recording.set(party.channel, file);
      } else if (!on && file !== null) {
        await this.deps.pbx.action({ Action: 'StopMixMonitor', Channel: party.channel });
        this.recording.delete(party.channel);
        file = null;
      }
    } catch (error) {
      await this.audit(user, on, party.channel, 'failure');
      this.deps.logger.warn({ user: user.username, channel: party.channel, err: error instanceof Error ? error.message : String(error) }, 'recording change failed');
      throw new AppError('pbx_error', 'The PBX did not change the recording. Try again; if it keeps failing, tell an administrator.');
    }
    await this.audit(user, on, party.channel, 'success');
    return { recording: this.recording.has(party.channel), file };
  }

  private fileName(extension: string, other: string, callId: string): string {
    const t = new Date(this.deps.clock.now());
    const date = `${t.getFullYear()}${pad(t.getMonth() + 1)}${pad(t.getDate())}`;
    const time = `${pad(t.getHours())}${pad(t.getMinutes())}${pad(t.getSeconds())}`;
    return `${t.getFullYear()}/${pad(t.getMonth() + 1)}/${pad(t.getDate())}/ondemand-${extension}-${other}-${date}-${time}-${callId}.wav`;
  }

  private async audit(user: Pick<Actor, 'id' | 'username' | 'ip'>, on: boolean, channel: string, result: 'success' | 'failure'): Promise<void> {
    await this.deps.audit.record({
      actorId: user.id, actorName: user.username, action: on ? 'phone.record.start' : 'phone.record.stop', target: `channel:${channel}`, result, ip: user.ip,
    });
  }
}
