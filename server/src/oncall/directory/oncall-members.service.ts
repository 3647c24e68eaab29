import { ONCALL_PHONE_PATTERN } from '@ondeck/shared';
import type { Clock } from '../../lib/clock';
import type { NewMember } from '../line/oncall.repository';
import type { OnCallAuditLog } from '../oncall.ports';
import type { PinHasher } from '../line/pin-hasher';
import { isValidPin } from '../line/pin-hasher';


export interface RegisterMemberInput {
  name: string;
  /** E.164 (`+4930123456`) or an extension (`1001`). */
  phone: string;
  email?: string | null;
  accountUserId?: number | null;
  pin: string;
  divisionIds: number[];
}

export interface OnCallMemberWriter {
  insertMember(member: NewMember, divisionIds: readonly number[]): Promise<number>;
}

export class InvalidMemberError extends Error {
  constructor(readonly field: 'name' | 'phone' | 'pin') {
    super(`invalid on-call member ${field}`);
    this.name = 'InvalidMemberError';
  }
}

/** Creating members; editing and the REST side come with the panel. */
export class OnCallMembersService {
  constructor(
    private readonly deps: { members: OnCallMemberWriter; audit: OnCallAuditLog; pins: PinHasher; clock: Clock },
  ) {}

  /** `actor` names who did it for the audit (`user:3`, `seed`). */
  async registerMember(input: RegisterMemberInput, actor: string): Promise<number> {
    const name = input.name.trim();
    if (name === '' || name.length > 100) throw new InvalidMemberError('name');
    if (!ONCALL_PHONE_PATTERN.test(input.phone)) throw new InvalidMemberError('phone');
    if (!isValidPin(input.pin)) throw new InvalidMemberError('pin');
    const now = new Date(this.deps.clock.now());
    const pinHash = await this.deps.pins.hash(input.pin);
    const memberId = await this.deps.members.insertMember(
      { name, phone: input.phone, email: input.email ?? null, accountUserId: input.accountUserId ?? null, pinHash, pinLength: input.pin.length, createdAt: now },
      input.divisionIds,
    );
    await this.deps.audit.append(
      {
        eventType: 'member_created',
        memberId,
        divisionId: null,
        callerId: null,
        channelOrIp: null,
        details: { actor, divisionIds: input.divisionIds },
      },
      now,
    );
    return memberId;
  }
}
