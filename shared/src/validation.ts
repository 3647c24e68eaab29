import type { z } from 'zod';

/**
 * Validation messages in plain words, the same on server and client. A schema's own message
 * ("must be 2 to 10 digits") wins; every issue without one gets a sentence fragment from
 * `plainIssueMessage` that reads after the field's name ("must be at most 60 characters"), never
 * zod's default text ("Too small: expected string to have >=1 characters").
 */

/** What zod hands a per-parse error function: the issue before it has a message. */
type RawIssue = z.core.$ZodRawIssue;

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

const FORMAT_WORDS: Record<string, string> = {
  email: 'must be an email address, like name@example.com',
  url: 'must be a web address, like https://example.com',
  uuid: 'is not a valid identifier',
  datetime: 'must be a date and time',
  date: 'must be a date',
  time: 'must be a time of day',
  ipv4: 'must be an IP address',
  ipv6: 'must be an IP address',
  starts_with: 'does not start the way it should',
  ends_with: 'does not end the way it should',
  includes: 'is missing a part it needs',
};

/** The plain-words fragment for one issue; used when the schema gave no message of its own. */
export function plainIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || issue.input === null || issue.input === '') return 'is required';
      if (issue.expected === 'int') return 'must be a whole number';
      if (issue.expected === 'number' || issue.expected === 'bigint') return 'must be a number';
      if (issue.expected === 'boolean') return 'must be yes or no';
      if (issue.expected === 'array') return 'must be a list';
      if (issue.expected === 'string') return 'must be text';
      if (issue.expected === 'date') return 'must be a date';
      return 'is not valid';
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'is required' : `must be at least ${plural(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? 'needs at least one entry' : `needs at least ${plural(min, 'entry', 'entries')}`;
      if (issue.origin === 'date') return 'is too early';
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${plural(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `may have at most ${plural(max, 'entry', 'entries')}`;
      if (issue.origin === 'date') return 'is too late';
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'is not in the right form';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (values.length === 1) return `must be ${values[0]}`;
      return values.length <= 8 ? `must be one of: ${values.join(', ')}` : 'is not one of the choices offered';
    }
    case 'unrecognized_keys':
      return `has fields that are not known here: ${issue.keys.join(', ')}`;
    case 'invalid_key':
    case 'invalid_element':
      return 'has an entry that is not valid';
    case 'invalid_union':
    case 'custom':
    default:
      return 'is not valid';
  }
}

/** Hand to `safeParse(value, { error })` so every issue without its own message reads plainly. */
export const plainValidationError = (issue: RawIssue): string => plainIssueMessage(issue);

/**
 * Problems per field, keyed by dotted path ("scope.extensions.4"); the first problem of a
 * field wins; problems with the whole input use "_". An entry of a list says which one it is:
 * "entry 5 must be 2 to 10 digits".
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    const last = issue.path.at(-1);
    fields[key] ??= typeof last === 'number' ? `entry ${last + 1} ${issue.message}` : issue.message;
  }
  return fields;
}

export type ValidationResult<T> = { ok: true; data: T } | { ok: false; fields: Record<string, string> };

/** Validates with plain-words messages: the one way server and client check input. */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown): ValidationResult<z.output<S>> {
  const result = schema.safeParse(value, { error: plainValidationError });
  return result.success ? { ok: true, data: result.data } : { ok: false, fields: fieldErrors(result.error) };
}

const CONTINUES_NAME = /^(is|are|must|may|has|have|needs|does|cannot|can't|should) /;

/**
 * The message as a sentence beside its field: "Site name must be at most 60 characters." for a
 * fragment that continues the field's name, the message itself (capitalised) otherwise.
 */
export function fieldSentence(label: string, message: string): string {
  const text = message.trim();
  const sentence = CONTINUES_NAME.test(text)
    ? `${label} ${text}`
    : /^entry \d+ /.test(text)
      ? `${label}: ${text}`
      : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
