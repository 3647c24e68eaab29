import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAgiEnvironment } from '../../agi/agi-environment';
import { parseConfig } from '../../config';
import { divisionFromEnvironment, ONCALL_TAKEOVER_SCRIPT } from './oncall-takeover.agi';
import { ONCALL_FALLBACK_FAMILY, ONCALL_FAMILY } from './oncall-routing.service';
import { extensionMatches, findExtension, parseDialplan, runDialplan, type DialplanWorld } from './testing/asterisk-dialplan';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const DIALPLAN_FILE = path.join(here, 'asterisk/extensions_ondeck.conf');
const text = readFileSync(DIALPLAN_FILE, 'utf8');
const dialplan = parseDialplan(text);

/** What the AGI server makes of an AGI() call: the real environment parser and division rule. */
function agiAsOnDeckSeesIt(url: string, args: string[], exten: string): { script: string; host: string; port: string; division: number | null } {
  const variables = new Map([
    ['agi_request', url],
    ['agi_extension', exten],
    ['agi_callerid', '1001'],
  ]);
  args.forEach((arg, index) => variables.set(`agi_arg_${index + 1}`, arg));
  const env = buildAgiEnvironment(variables);
  const { hostname, port } = new URL(url);
  return { script: env.request.script, host: hostname, port, division: divisionFromEnvironment(env) };
}

describe('Asterisk pattern matching (the test tool itself)', () => {
  it('matches like pbx.c: . is one or more, ! zero or more, X Z N and [..] one character', () => {
    expect(extensionMatches('_*55X.', '*5510')).toBe(true);
    expect(extensionMatches('_*55X.', '*551')).toBe(false); // the bug of issue 10: 484 on a real PBX
    expect(extensionMatches('_X.', '1')).toBe(false);
    expect(extensionMatches('_X!', '1')).toBe(true);
    expect(extensionMatches('_X!', '')).toBe(false);
    expect(extensionMatches('_NXX', '200')).toBe(true);
    expect(extensionMatches('_NXX', '100')).toBe(false);
    expect(extensionMatches('_Z', '0')).toBe(false);
    expect(extensionMatches('_[1-3]X', '35')).toBe(true);
    expect(extensionMatches('_[1-3]X', '45')).toBe(false);
    expect(extensionMatches('_1-XX', '123')).toBe(true);
    expect(extensionMatches('*55', '*551')).toBe(false);
  });

  it('prefers an exact name, then the narrower pattern', () => {
    const plan = parseDialplan('[c]\nexten => _X.,1,NoOp(wide)\nexten => _1XX,1,NoOp(narrow)\nexten => 100,1,NoOp(exact)\n');
    expect(findExtension(plan, 'c', '100')?.name).toBe('100');
    expect(findExtension(plan, 'c', '123')?.name).toBe('_1XX');
    expect(findExtension(plan, 'c', '223')?.name).toBe('_X.');
  });

  it('refuses what it cannot read, with the line', () => {
    expect(() => parseDialplan('[c]\nexten => 1,n\n')).toThrow(/line 2/);
    expect(() => parseDialplan('same => n,NoOp()\n')).toThrow(/line 1/);
  });
});

describe('the on-call dialplan OnDeck installs', () => {
  it('has the two contexts and every priority is readable', () => {
    expect([...dialplan.contexts.keys()]).toEqual(['from-internal-custom', 'ondeck-oncall']);
  });

  const takeoverCases: [string, number][] = [
    ['*55', 1],
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((division): [string, number] => [`*55${division}`, division]),
    ['*5510', 10],
    ['*55123', 123],
  ];

  it.each(takeoverCases)('%s reaches the takeover script for division %i', (dialled, division) => {
    const calls: ReturnType<typeof agiAsOnDeckSeesIt>[] = [];
    const world: DialplanWorld = {
      agi: (url, args) => {
        calls.push(agiAsOnDeckSeesIt(url, args, dialled));
        return { status: 'SUCCESS', variables: { ONCALL_RESULT: 'ok' } };
      },
    };
    const run = runDialplan(dialplan, 'from-internal-custom', dialled, world);
    expect(calls).toEqual([{ script: ONCALL_TAKEOVER_SCRIPT, host: '127.0.0.1', port: String(parseConfig({}).config.fastAgi.port), division }]);
    expect(run.steps.map((step) => step.app)).toEqual(['AGI', 'GotoIf', 'Hangup']);
  });

  it('does not take *5 or *54 as a takeover', () => {
    expect(findExtension(dialplan, 'from-internal-custom', '*5')).toBeNull();
    expect(findExtension(dialplan, 'from-internal-custom', '*541')).toBeNull();
  });

  it.each(['*55', '*551', '*5510'])('%s with OnDeck down says the service is unavailable instead of hanging up in silence', (dialled) => {
    const run = runDialplan(dialplan, 'from-internal-custom', dialled, { agi: () => ({ status: 'FAILURE' }) });
    expect(run.steps.map((step) => `${step.app}(${step.args})`)).toEqual([
      expect.stringMatching(/^AGI\(agi:\/\/127\.0\.0\.1:4573\/oncall-takeover/),
      expect.stringMatching(/^GotoIf/),
      'Answer()',
      'Playback(cannot-complete-temp-error)',
      'Hangup()',
    ]);
  });

  it('a caller hanging up during the takeover ends the call there', () => {
    expect(runDialplan(dialplan, 'from-internal-custom', '*552', { agi: () => ({ status: 'HANGUP' }) }).ended).toBe('caller_hung_up');
  });

  const lineCases = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '123'];

  it.each(lineCases)('division %s line dials the number on call from the AstDB', (division) => {
    const astdb = new Map([[`${ONCALL_FAMILY}/${division}`, '+4930123456']]);
    const run = runDialplan(dialplan, 'ondeck-oncall', division, { astdb });
    expect(run.steps.filter((step) => step.app === 'Dial').map((step) => step.args)).toEqual(['Local/+4930123456@from-internal,,tT']);
    expect(run.ended).toBe('hangup');
  });

  it.each(lineCases)('division %s line falls back to the fallback number, then to a message', (division) => {
    const astdb = new Map([[`${ONCALL_FALLBACK_FAMILY}/${division}`, '2000']]);
    const fallback = runDialplan(dialplan, 'ondeck-oncall', division, { astdb, dial: () => 'NOANSWER' });
    expect(fallback.steps.filter((step) => step.app === 'Dial').map((step) => step.args)).toEqual(['Local/2000@from-internal,,tT']);
    const nobody = runDialplan(dialplan, 'ondeck-oncall', division, {});
    expect(nobody.steps.filter((step) => step.app === 'Dial')).toEqual([]);
    expect(nobody.steps.map((step) => `${step.app}(${step.args})`)).toContain('Playback(ss-noservice)');
  });

  it('another division key does not route this division', () => {
    const run = runDialplan(dialplan, 'ondeck-oncall', '1', { astdb: new Map([[`${ONCALL_FAMILY}/10`, '1001']]) });
    expect(run.steps.filter((step) => step.app === 'Dial')).toEqual([]);
  });
});

describe('one copy of the dialplan', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'ondeck-install-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // install.sh --dry-run takes ~2 s of CPU; on a busy machine that is well past vitest's 5 s default.
  it('install.sh writes the file verbatim into extensions_custom.conf', { timeout: 60_000 }, () => {
    execFileSync('mkdir', ['-p', path.join(scratch, 'asterisk')]);
    writeFileSync(path.join(scratch, 'freepbx.conf'), "<?php\n$amp_conf['AMPDBUSER'] = 'freepbxuser';\n");
    writeFileSync(path.join(scratch, 'asterisk/extensions_custom.conf'), '');
    const output = execFileSync('bash', [path.join(root, 'install.sh'), '--dry-run'], {
      cwd: root,
      env: { ...process.env, ONDECK_INSTALL_ETC: scratch },
      encoding: 'utf8',
    });
    const section = output.slice(output.indexOf('extensions_custom.conf:'));
    const added = section
      .split('\n')
      .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
      .map((line) => line.slice(1));
    const begin = added.findIndex((line) => line.startsWith('; BEGIN OnDeck'));
    const end = added.findIndex((line) => line === '; END OnDeck');
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(added.slice(begin + 1, end).join('\n')).toBe(text.trimEnd());
  });

  it('the READMEs point to the file instead of carrying a second copy', () => {
    for (const readme of ['README.md', 'server/src/oncall/README.md']) {
      const content = readFileSync(path.join(root, readme), 'utf8');
      expect(content).not.toMatch(/exten\s*=>/);
      expect(content).toContain('server/src/oncall/line/asterisk/extensions_ondeck.conf');
    }
  });
});
