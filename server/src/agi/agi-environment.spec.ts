import { describe, expect, it } from 'vitest';
import { buildAgiEnvironment, parseAgiRequest, parseEnvironmentLine } from './agi-environment';

describe('parseEnvironmentLine', () => {
  it('splits on the first ": " so values keep their own colons', () => {
    expect(parseEnvironmentLine('agi_calleridname: Sales: Desk 2')).toEqual(['agi_calleridname', 'Sales: Desk 2']);
    expect(parseEnvironmentLine('agi_request: agi://127.0.0.1:4573/x')).toEqual(['agi_request', 'agi://127.0.0.1:4573/x']);
  });

  it('reads an empty value with or without its trailing space', () => {
    expect(parseEnvironmentLine('agi_accountcode: ')).toEqual(['agi_accountcode', '']);
    expect(parseEnvironmentLine('agi_accountcode:')).toEqual(['agi_accountcode', '']);
  });

  it('refuses lines that are not agi_ variables', () => {
    expect(parseEnvironmentLine('200 result=0')).toBeNull();
    expect(parseEnvironmentLine('hello world')).toBeNull();
    expect(parseEnvironmentLine('other: value')).toBeNull();
    expect(parseEnvironmentLine('agi bad: value')).toBeNull();
  });
});

describe('parseAgiRequest', () => {
  it('takes the script and query from agi_request', () => {
    const request = parseAgiRequest('agi://127.0.0.1:4573/oncall-takeover?division=1', undefined);
    expect(request.script).toBe('oncall-takeover');
    expect(request.query.get('division')).toBe('1');
  });

  it('copes with an IPv6 host and with : and ? inside the query', () => {
    const request = parseAgiRequest('agi://[::1]:4573/oncall-takeover?division=2&note=a:b?c&x=%3A', undefined);
    expect(request.script).toBe('oncall-takeover');
    expect(request.query.get('division')).toBe('2');
    expect(request.query.get('note')).toBe('a:b?c');
    expect(request.query.get('x')).toBe(':');
  });

  it('falls back to agi_network_script, and gives an empty script for a bare host', () => {
    expect(parseAgiRequest(undefined, 'oncall-takeover?division=3').query.get('division')).toBe('3');
    expect(parseAgiRequest('agi://127.0.0.1', undefined).script).toBe('');
  });
});

describe('buildAgiEnvironment', () => {
  it('collects arguments in order and hides placeholder caller IDs', () => {
    const env = buildAgiEnvironment(
      new Map([
        ['agi_request', 'agi://127.0.0.1:4573/oncall-takeover?division=1'],
        ['agi_uniqueid', '1795274979.94'],
        ['agi_callerid', 'unknown'],
        ['agi_calleridname', ''],
        ['agi_arg_2', 'argB'],
        ['agi_arg_1', 'argA'],
        ['agi_arg_4', 'skipped: no agi_arg_3'],
      ]),
    );
    expect(env.args).toEqual(['argA', 'argB']);
    expect(env.callerId).toBeNull();
    expect(env.callerIdName).toBeNull();
    expect(env.uniqueid).toBe('1795274979.94');
    expect(env.request.script).toBe('oncall-takeover');
  });
});
