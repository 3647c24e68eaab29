import type { Logger } from 'pino';
import type { OnCallDivisionView } from '@ondeck/shared';
import type { Clock } from '../../lib/clock';
import { AppError, notFound } from '../../lib/app-error';
import type { DivisionConfig, DivisionWrite, MemberSummary, MemberWrite, OnCallAdminRepository } from './oncall-admin.repository';
import type { OnCallMembersService } from './oncall-members.service';
import type { OnCallAuditLog } from '../oncall.ports';
import type { OnCallAuditEvent } from '../oncall.types';
import type { PinHasher } from '../line/pin-hasher';
import { MIN_PIN_ONLY_DIGITS } from '../line/oncall-takeover.service';

export type PublicDivision = OnCallDivisionView;

export function toPublicDivision(division: DivisionConfig): PublicDivision {
  const { webhookAuth, webhookSecret, ...rest } = division;
  return { ...rest, hasWebhookAuth: webhookAuth !== null, hasWebhookSecret: webhookSecret !== null };
}

/** A division write from the API; absent secrets keep their stored value, null clears them. */
export type DivisionInput = Omit<DivisionWrite, 'webhookAuth' | 'webhookSecret'> & {
  webhookAuth?: string | null | undefined;
  webhookSecret?: string | null | undefined;
};

export interface DirectoryDeps {
  admin: OnCallAdminRepository;
  members: OnCallMembersService;
  audit: OnCallAuditLog;
  pins: PinHasher;
  /** Called after a division's fallback changes or it is deleted, so the AstDB follows. */
  onRoutingChanged(divisionId: number, deleted: boolean): Promise<void>;
  clock: Clock;
  logger: Logger;
}

/** Admin management of on-call divisions and members. PIN hashes never leave this service. */
export class OnCallDirectoryService {
  constructor(private readonly deps: DirectoryDeps) {}

  async listDivisions(): Promise<PublicDivision[]> {
    return (await this.deps.admin.listDivisions()).map(toPublicDivision);
  }

  async createDivision(input: DivisionInput, actor: string): Promise<PublicDivision> {
    await this.assertNameFree(input.name, null);
    const id = await this.deps.admin.insertDivision({ ...input, webhookAuth: input.webhookAuth ?? null, webhookSecret: input.webhookSecret ?? null });
    await this.record('division_created', null, id, { actor, name: input.name });
    await this.routingChanged(id, false);
    return this.division(id);
  }

  async updateDivision(id: number, input: DivisionInput, actor: string): Promise<PublicDivision> {
    const existing = await this.deps.admin.findDivision(id);
    if (!existing) throw notFound('The on-call division');
    await this.assertNameFree(input.name, id);
    await this.deps.admin.updateDivision(id, {
      ...input,
      webhookAuth: input.webhookAuth === undefined ? existing.webhookAuth : input.webhookAuth,
      webhookSecret: input.webhookSecret === undefined ? existing.webhookSecret : input.webhookSecret,
    });
    await this.record('division_updated', null, id, { actor, name: input.name });
    await this.routingChanged(id, false);
    return this.division(id);
  }

  async deleteDivision(id: number, actor: string): Promise<void> {
    if (!(await this.deps.admin.deleteDivision(id))) throw notFound('The on-call division');
    await this.record('division_deleted', null, id, { actor });
    await this.routingChanged(id, true);
  }

  listMembers(): Promise<MemberSummary[]> {
    return this.deps.admin.listMembers();
  }

  async createMember(input: MemberWrite & { pin: string }, actor: string): Promise<MemberSummary> {
    await this.assertDivisionsExist(input.divisionIds);
    await this.assertPinLongEnough(input.pin, input.divisionIds);
    const id = await this.deps.members.registerMember(input, actor);
    if (!input.active) await this.deps.admin.updateMember(id, input);
    return this.member(id);
  }

  async updateMember(id: number, input: MemberWrite, actor: string): Promise<MemberSummary> {
    await this.member(id);
    await this.assertDivisionsExist(input.divisionIds);
    await this.deps.admin.updateMember(id, input);
    await this.record('member_updated', id, null, { actor, divisionIds: input.divisionIds, active: input.active });
    return this.member(id);
  }

  async setPin(id: number, pin: string, actor: string): Promise<void> {
    const member = await this.member(id);
    await this.assertPinLongEnough(pin, member.divisionIds);
    await this.deps.admin.setPinHash(id, await this.deps.pins.hash(pin), pin.length);
    await this.record('pin_reset', id, null, { actor });
    this.deps.logger.info({ memberId: id, actor }, 'on-call member PIN set');
  }

  async deleteMember(id: number, actor: string): Promise<void> {
    if (!(await this.deps.admin.deleteMember(id))) throw notFound('The on-call member');
    await this.record('member_deleted', id, null, { actor });
  }

  private async division(id: number): Promise<PublicDivision> {
    const division = await this.deps.admin.findDivision(id);
    if (!division) throw notFound('The on-call division');
    return toPublicDivision(division);
  }

  private async member(id: number): Promise<MemberSummary> {
    const member = await this.deps.admin.findMember(id);
    if (!member) throw notFound('The on-call member');
    return member;
  }

  private async assertNameFree(name: string, exceptId: number | null): Promise<void> {
    if (await this.deps.admin.divisionNameTaken(name, exceptId)) {
      throw new AppError('conflict', 'A division with this name already exists. Choose another name.', { fields: { name: 'already used' } });
    }
  }

  /** PIN-only divisions need PINs of MIN_PIN_ONLY_DIGITS digits: a shorter one is too easy to guess across members. */
  private async assertPinLongEnough(pin: string, divisionIds: readonly number[]): Promise<void> {
    if (pin.length >= MIN_PIN_ONLY_DIGITS || !(await this.deps.admin.anyPinOnly(divisionIds))) return;
    throw new AppError('validation_failed', `This member is in a division where the PIN alone identifies them: use at least ${MIN_PIN_ONLY_DIGITS} digits.`, {
      fields: { pin: `at least ${MIN_PIN_ONLY_DIGITS} digits` },
    });
  }

  private async assertDivisionsExist(ids: readonly number[]): Promise<void> {
    const found = new Set(await this.deps.admin.existingDivisionIds(ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new AppError('validation_failed', `Division ${missing.join(', ')} does not exist. Reload the page and pick again.`, {
        fields: { divisionIds: 'unknown division' },
      });
    }
  }

  private async routingChanged(divisionId: number, deleted: boolean): Promise<void> {
    try {
      await this.deps.onRoutingChanged(divisionId, deleted);
    } catch (error) {
      this.deps.logger.error({ err: error, divisionId }, 'updating the on-call route in the PBX failed; it is re-asserted on the next AMI reconnect');
    }
  }

  private record(eventType: OnCallAuditEvent, memberId: number | null, divisionId: number | null, details: Record<string, unknown>): Promise<void> {
    return this.deps.audit.append({ eventType, memberId, divisionId, callerId: null, channelOrIp: null, details }, new Date(this.deps.clock.now()));
  }
}
