import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as shared from '@ondeck/shared';
import * as oncallSchemas from '../oncall/oncall.schemas';
import { AppError } from '../lib/app-error';
import { parseInput } from './validate';

/** Words of zod's own messages; none may reach a person. */
const JARGON = /expected|>=|<=|too small|too big|invalid|received|NaN|undefined|\[object|regex|pattern|\/\^/i;

const BAD_VALUES: unknown[] = [
  undefined, null, '', '   ', 'x', 'not valid!', -5, 0, 1.5, 1e12, Number.NaN, true, {}, [], [''], ['x'.repeat(5000)],
  Array.from({ length: 6000 }, () => '1001'), 'x'.repeat(5000), '2026-13-45', 'ftp://127.0.0.1', { extensions: ['x'] },
];

function schemasIn(module: Record<string, unknown>): Array<[string, z.ZodType]> {
  return Object.entries(module).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType);
}

/** Whole bad inputs, then each field of an object schema set to each bad value in turn. */
function badInputs(schema: z.ZodType): unknown[] {
  const inputs: unknown[] = [...BAD_VALUES];
  if (schema instanceof z.ZodObject) {
    for (const key of Object.keys(schema.shape)) {
      for (const value of BAD_VALUES) inputs.push({ [key]: value });
    }
  }
  return inputs;
}

describe('validation messages people see', () => {
  const schemas = [...schemasIn(shared), ...schemasIn(oncallSchemas)];

  it('walks every schema in shared/ (and the server’s own) with bad input: no message is validator jargon', () => {
    expect(schemas.length).toBeGreaterThan(20);
    const seen = new Set<string>();
    for (const [name, schema] of schemas) {
      for (const input of badInputs(schema)) {
        const result = shared.validateInput(schema, input);
        if (result.ok) continue;
        for (const [field, message] of Object.entries(result.fields)) {
          expect(message, `${name} ${field}`).not.toMatch(JARGON);
          expect(message.trim(), `${name} ${field}`).not.toBe('');
          seen.add(message);
        }
      }
    }
    // The walk really produced problems of many kinds (lengths, types, formats, choices).
    expect(seen.size).toBeGreaterThan(25);
  });

  it('says what is wrong in plain words', () => {
    const fields = (schema: z.ZodType, input: unknown): Record<string, string> => {
      const result = shared.validateInput(schema, input);
      return result.ok ? {} : result.fields;
    };
    expect(fields(shared.createUserSchema, { username: 'ada', displayName: '  ', role: 'boss', password: 'short', extension: 'x1' })).toEqual({
      displayName: 'is required',
      role: 'must be one of: admin, supervisor, agent',
      password: 'must be at least 8 characters',
      extension: 'must be 2 to 10 digits',
    });
    expect(fields(shared.settingsSchema, { ...shared.DEFAULT_SETTINGS, siteName: '', accessTokenMinutes: 90, pauseReasons: ['Lunch', 'x'.repeat(41)] })).toEqual({
      siteName: 'is required',
      accessTokenMinutes: 'must be at most 60',
      'pauseReasons.1': 'entry 2 must be at most 40 characters',
    });
    expect(fields(shared.settingsSchema, { ...shared.DEFAULT_SETTINGS, accessTokenMinutes: 2.5 })).toEqual({ accessTokenMinutes: 'must be a whole number' });
  });

  it('reads as a sentence beside the field', () => {
    expect(shared.fieldSentence('Site name', 'is required')).toBe('Site name is required.');
    expect(shared.fieldSentence('Pause reasons', 'entry 2 must be at most 40 characters')).toBe('Pause reasons: entry 2 must be at most 40 characters.');
    expect(shared.fieldSentence('Queues', 'choose at least one queue, or all queues')).toBe('Choose at least one queue, or all queues.');
  });

  it('refuses bad input over HTTP with the same words, per field, and a plain summary', () => {
    const error = (() => {
      try {
        parseInput(shared.settingsSchema, { ...shared.DEFAULT_SETTINGS, siteName: '' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'validation_failed', message: 'Some fields need correcting: see the message beside each.', fields: { siteName: 'is required' } });
  });
});
