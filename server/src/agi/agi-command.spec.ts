import { describe, expect, it } from 'vitest';
import { formatAgiCommand, quoteAgiArgument } from './agi-command';
import { splitAgiCommand } from './testing/scripted-asterisk';

describe('formatAgiCommand', () => {
  it('quotes strings, leaves numbers bare and ends with LF', () => {
    expect(formatAgiCommand('GET DATA', ['agent-pass', 5000, 6])).toBe('GET DATA "agent-pass" 5000 6\n');
    expect(formatAgiCommand('ANSWER', [])).toBe('ANSWER\n');
    expect(formatAgiCommand('STREAM FILE', ['beep', ''])).toBe('STREAM FILE "beep" ""\n');
  });

  it('escapes quotes and backslashes so Asterisk reads the value back unchanged', () => {
    const value = 'say "hi" \\ bye';
    expect(quoteAgiArgument(value)).toBe('"say \\"hi\\" \\\\ bye"');
    const words = splitAgiCommand(formatAgiCommand('SET VARIABLE', ['NAME', value]).trimEnd());
    expect(words).toEqual(['SET', 'VARIABLE', 'NAME', value]);
  });

  it('strips CR and LF so a value cannot inject a second command', () => {
    const line = formatAgiCommand('VERBOSE', ['x"\nHANGUP\r\n', 1]);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(line).not.toContain('\r');
    expect(splitAgiCommand(line.trimEnd())).toEqual(['VERBOSE', 'x"HANGUP', '1']);
  });

  it('refuses verbs that are not upper-case words and numbers that are not finite', () => {
    expect(() => formatAgiCommand('ANSWER\nHANGUP', [])).toThrow(TypeError);
    expect(() => formatAgiCommand('get data', [])).toThrow(TypeError);
    expect(() => formatAgiCommand('VERBOSE', ['x', Number.NaN])).toThrow(TypeError);
  });
});
