import type { z } from 'zod';
import { AppError } from '../lib/app-error';

/** Turns zod issues into `{ "scope.extensions.0": "must be 2 to 10 digits" }`. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/**
 * Validates input where it enters (body, query, params, socket payload). Throws a 400
 * `validation_failed` listing every bad field.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = fieldErrors(result.error);
  const names = Object.keys(fields).filter((name) => name !== '_');
  const message =
    names.length > 0
      ? `Some fields are not valid (${names.join(', ')}). Correct them and try again.`
      : `The request is not valid: ${fields._ ?? 'check what was sent'}.`;
  throw new AppError('validation_failed', message, { fields });
}
