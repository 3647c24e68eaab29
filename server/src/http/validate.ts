import type { z } from 'zod';
import { fieldSentence, validateInput } from '@ondeck/shared';
import { AppError } from '../lib/app-error';

export { fieldErrors } from '@ondeck/shared';

/**
 * Validates input where it enters (body, query, params, socket payload). Throws a 400
 * `validation_failed` listing every bad field in plain words (shared/validation.ts), so what a
 * form shows beside a field is never validator text.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = validateInput(schema, value);
  if (result.ok) return result.data;
  const { fields } = result;
  const names = Object.keys(fields).filter((name) => name !== '_');
  // People read this above the form's buttons; API clients find each field in `fields`.
  const message =
    names.length > 0
      ? 'Some fields need correcting: see the message beside each.'
      : fields._
        ? fieldSentence('The request', fields._)
        : 'The request is not valid.';
  throw new AppError('validation_failed', message, { fields });
}
