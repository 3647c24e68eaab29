import { z } from 'zod';
import { ONCALL_PHONE_PATTERN, ONCALL_PIN_PATTERN, WEBHOOK_AUTH_KINDS } from '@ondeck/shared';

const PHONE = ONCALL_PHONE_PATTERN;
const phoneMessage = 'must be E.164 (+4930123456) or an extension of 2 to 10 digits';

export const idParamSchema = z.object({ id: z.coerce.number().int().positive() });
export const divisionParamSchema = z.object({ division: z.coerce.number().int().positive() });
export const overrideParamSchema = z.object({ division: z.coerce.number().int().positive(), id: z.coerce.number().int().positive() });

const optionalId = z.coerce.number().int().positive().optional();
const optionalDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).transform((text) => new Date(text)).optional();
const page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};

export const takeoverSchema = z
  .object({
    pin: z.string().regex(ONCALL_PIN_PATTERN, 'must be 4 to 8 digits').optional(),
    password: z.string().min(1).max(200).optional(),
    memberId: z.number().int().positive().optional(),
  })
  .strict()
  .refine((body) => body.pin !== undefined || body.password !== undefined, {
    message: 'confirm with your PIN or your password',
    path: ['pin'],
  });

export const historyQuerySchema = z.object({ division: optionalId, member: optionalId, from: optionalDate, to: optionalDate, ...page });

export const auditQuerySchema = z.object({
  type: z.string().regex(/^[a-z_]{1,40}$/, 'must be an event type such as failed_auth').optional(),
  division: optionalId,
  member: optionalId,
  from: optionalDate,
  to: optionalDate,
  ...page,
});

export const notificationsQuerySchema = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  division: optionalId,
  ...page,
});

const nullablePhone = z.string().regex(PHONE, phoneMessage).nullable().default(null);

export const divisionSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(100),
    oncallLine: nullablePhone,
    fallbackNumber: nullablePhone,
    allowPinOnly: z.boolean().default(true),
    webhookUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048).nullable().default(null),
    webhookAuthKind: z.enum(WEBHOOK_AUTH_KINDS).default('none'),
    webhookAuth: z.string().min(1).max(255).nullable().optional(),
    webhookSecret: z.string().min(16, 'must be at least 16 characters').max(255).nullable().optional(),
  })
  .strict();

const memberFields = {
  name: z.string().trim().min(1, 'is required').max(100),
  phone: z.string().regex(PHONE, phoneMessage),
  email: z.email().max(254).nullable().default(null),
  active: z.boolean().default(true),
  accountUserId: z.number().int().positive().nullable().default(null),
  divisionIds: z.array(z.number().int().positive()).max(100).default([]),
};

export const memberCreateSchema = z.object({ ...memberFields, pin: z.string().regex(ONCALL_PIN_PATTERN, 'must be 4 to 8 digits') }).strict();
export const memberUpdateSchema = z.object(memberFields).strict();
export const pinSchema = z.object({ pin: z.string().regex(ONCALL_PIN_PATTERN, 'must be 4 to 8 digits') }).strict();

/** Shared with the client's schedule editor. */
export { onCallScheduleSchema as scheduleSchema } from '@ondeck/shared';

export const overrideSchema = z
  .object({
    memberId: z.number().int().positive(),
    end: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).transform((text) => new Date(text)).optional(),
  })
  .strict();

export const calendarQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(62).default(28) });
