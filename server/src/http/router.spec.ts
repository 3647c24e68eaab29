import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApiRouter } from './router';
import type { RouteDefinition } from './route';
import { AppError } from '../lib/app-error';
import { parseInput } from './validate';

const auth = async (): Promise<never> => Promise.reject(new Error('not used'));

describe('buildApiRouter', () => {
  it('refuses to mount a route without a valid access declaration', () => {
    const undeclared = { method: 'GET', path: '/x', handler: async () => undefined } as unknown as RouteDefinition;
    expect(() => buildApiRouter([undeclared], auth)).toThrow(/GET \/api\/x has no valid access declaration/);
    const unknownRole = { ...undeclared, access: ['owner'] } as unknown as RouteDefinition;
    expect(() => buildApiRouter([unknownRole], auth)).toThrow(/no valid access/);
    const emptyRoles = { ...undeclared, access: [] } as unknown as RouteDefinition;
    expect(() => buildApiRouter([emptyRoles], auth)).toThrow(/no valid access/);
  });
});

describe('parseInput', () => {
  const schema = z.object({ name: z.string().min(2, 'too short'), items: z.array(z.number()) });

  it('returns parsed data', () => {
    expect(parseInput(schema, { name: 'ok', items: [1] })).toEqual({ name: 'ok', items: [1] });
  });

  it('throws validation_failed with dotted field paths', () => {
    try {
      parseInput(schema, { name: 'x', items: [1, 'two'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const apiError = (error as AppError).toApiError();
      expect(apiError.code).toBe('validation_failed');
      expect(apiError.fields).toMatchObject({ name: 'too short', 'items.1': expect.any(String) });
      // The summary is for people (the form shows each field's own message); names are in `fields`.
      expect(apiError.message).toBe('Some fields need correcting: see the message beside each.');
    }
  });

  it('reports a non-object body as a whole-request problem', () => {
    expect(() => parseInput(schema, 'text')).toThrow(/not valid/);
  });
});
