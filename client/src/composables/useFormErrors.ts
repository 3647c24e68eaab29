import { shallowRef, type ShallowRef } from 'vue';
import type { z } from 'zod';
import { fieldSentence, validateInput } from '@ondeck/shared';
import { ApiRequestError } from '../api/http';
import { describeError } from '../lib/errors';

export interface UseFormErrorsReturn {
  /** Problems per field, keyed by dotted path ("scope.extensions"). */
  fields: ShallowRef<Record<string, string>>;
  /** A problem with the form as a whole, shown above the buttons. */
  message: ShallowRef<string | null>;
  clear: () => void;
  /** Validate with a shared schema; on failure record the field errors and return null. */
  validate: <S extends z.ZodType>(schema: S, value: unknown) => z.output<S> | null;
  /** Show a failed request: field errors beside their fields, the message above the buttons. */
  fromRequest: (error: unknown) => void;
  setField: (path: string, text: string) => void;
  /** Forget one field's error, e.g. once the user edits it. */
  clearField: (path: string) => void;
  /** The error for a field or anything inside it ("scope.extensions" also finds "scope.extensions.4"). */
  errorFor: (path: string) => string | null;
}

/** Error state of one form, fed by client-side validation and by the server's answers alike. */
export function useFormErrors(): UseFormErrorsReturn {
  const fields = shallowRef<Record<string, string>>({});
  const message = shallowRef<string | null>(null);

  function clear(): void {
    fields.value = {};
    message.value = null;
  }

  function setField(path: string, text: string): void {
    fields.value = { ...fields.value, [path]: text };
  }

  function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
    // The server's own check (shared/validation.ts), so both say the same plain words.
    const result = validateInput(schema, value);
    if (result.ok) return result.data;
    fields.value = result.fields;
    message.value = result.fields._ ? fieldSentence('This form', result.fields._) : 'Please correct the highlighted fields.';
    return null;
  }

  function fromRequest(error: unknown): void {
    fields.value = error instanceof ApiRequestError ? { ...(error.error.fields ?? {}) } : {};
    message.value = describeError(error);
  }

  function clearField(path: string): void {
    if (!(path in fields.value)) return;
    const { [path]: _cleared, ...rest } = fields.value;
    fields.value = rest;
  }

  function errorFor(path: string): string | null {
    const exact = fields.value[path];
    if (exact !== undefined) return exact;
    const nested = Object.entries(fields.value).find(([key]) => key.startsWith(`${path}.`));
    return nested ? nested[1] : null;
  }

  return { fields, message, clear, validate, fromRequest, setField, clearField, errorFor };
}
