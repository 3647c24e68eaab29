import { z } from 'zod';
import {
  extensionSchema,
  monitorModeSchema,
  passwordSchema,
  roleSchema,
  scopeSchema,
  usernameSchema,
  type SessionUser,
} from './auth';

/** An account as admins manage it: what its owner sees of themselves, plus its state. */
export interface UserRecord extends SessionUser {
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

const displayNameSchema = z.string().trim().min(1, 'is required').max(100);

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  extension: extensionSchema.nullable().default(null),
  password: passwordSchema,
  monitorModes: z.array(monitorModeSchema).max(3).default([]),
  scope: scopeSchema.default({ extensions: [], queues: [] }),
  disabled: z.boolean().default(false),
});
export type CreateUserRequest = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    displayName: displayNameSchema,
    role: roleSchema,
    extension: extensionSchema.nullable(),
    monitorModes: z.array(monitorModeSchema).max(3),
    scope: scopeSchema,
    disabled: z.boolean(),
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'nothing to update');
export type UpdateUserRequest = z.input<typeof updateUserSchema>;

export const resetPasswordSchema = z.object({ password: passwordSchema });
export type ResetPasswordRequest = z.infer<typeof resetPasswordSchema>;

export const userIdParamSchema = z.object({ id: z.coerce.number().int().positive() });
