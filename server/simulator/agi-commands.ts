/**
 * How Asterisk's res_agi answers FastAGI commands (agi-session / agi-hangup captures):
 * replies, 510 for unknown commands, multi-line 520 usage errors, 511 on a dead channel.
 */

export const DEAD_CHANNEL = '511 Command Not Permitted on a dead channel or intercept routine';
export const UNKNOWN_COMMAND = '510 Invalid or unknown command';

/** Splits an AGI command line: words, double-quoted strings with backslash escapes. */
export function splitAgiArgs(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] ?? '';
    if (ch === '\\' && i + 1 < line.length) {
      current += line[i + 1] ?? '';
      started = true;
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if ((ch === ' ' || ch === '\t') && !quoted) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) out.push(current);
  return out;
}

interface CommandSpec {
  words: readonly string[];
  /** Arguments required after the command words. */
  minArgs: number;
  /** Runs on a hung-up channel too (variables, database, verbose). */
  deadOk: boolean;
  usage: readonly string[];
}

const SPECS: readonly CommandSpec[] = [
  { words: ['ANSWER'], minArgs: 0, deadOk: false, usage: ['Answers channel if not already in answer state.'] },
  { words: ['HANGUP'], minArgs: 0, deadOk: true, usage: ['Hangs up the specified channel.'] },
  { words: ['NOOP'], minArgs: 0, deadOk: true, usage: ['Does nothing.'] },
  { words: ['STREAM', 'FILE'], minArgs: 2, deadOk: false, usage: ['Sends audio file on channel.'] },
  {
    words: ['GET', 'DATA'],
    minArgs: 1,
    deadOk: false,
    usage: ['Stream the given <replaceable>file</replaceable>, and receive DTMF data.', 'Returns the digits received from the channel at the other end.'],
  },
  { words: ['SAY', 'DIGITS'], minArgs: 2, deadOk: false, usage: ['Says a given digit string.'] },
  { words: ['SAY', 'NUMBER'], minArgs: 2, deadOk: false, usage: ['Says a given number.'] },
  { words: ['WAIT', 'FOR', 'DIGIT'], minArgs: 1, deadOk: false, usage: ['Waits for a digit to be pressed.'] },
  { words: ['SET', 'VARIABLE'], minArgs: 2, deadOk: true, usage: ['Sets a channel variable.'] },
  { words: ['GET', 'VARIABLE'], minArgs: 1, deadOk: true, usage: ['Gets a channel variable.'] },
  { words: ['GET', 'FULL', 'VARIABLE'], minArgs: 1, deadOk: true, usage: ['Evaluates a channel expression.'] },
  { words: ['EXEC'], minArgs: 1, deadOk: false, usage: ['Executes a given Application'] },
  { words: ['VERBOSE'], minArgs: 2, deadOk: true, usage: ['Logs a message to the asterisk verbose log.'] },
  { words: ['DATABASE', 'PUT'], minArgs: 3, deadOk: true, usage: ['Adds/updates database value'] },
  { words: ['DATABASE', 'GET'], minArgs: 2, deadOk: true, usage: ['Gets database value'] },
  { words: ['DATABASE', 'DEL'], minArgs: 2, deadOk: true, usage: ['Removes database key/value'] },
  { words: ['CHANNEL', 'STATUS'], minArgs: 0, deadOk: true, usage: ['Returns status of the connected channel.'] },
];

export interface ParsedCommand {
  spec: CommandSpec;
  name: string;
  args: string[];
}

export type CommandLookup = { ok: true; command: ParsedCommand } | { ok: false; reply: string[] };

/** Finds the longest matching command; 510 when none, 520 usage when arguments are missing. */
export function lookupCommand(line: string): CommandLookup {
  const parts = splitAgiArgs(line);
  const upper = parts.map((p) => p.toUpperCase());
  let best: CommandSpec | undefined;
  for (const spec of SPECS) {
    if (spec.words.every((w, i) => upper[i] === w) && (!best || spec.words.length > best.words.length)) best = spec;
  }
  if (!best) return { ok: false, reply: [UNKNOWN_COMMAND] };
  const args = parts.slice(best.words.length);
  if (args.length < best.minArgs) {
    return { ok: false, reply: ['520-Invalid command syntax.  Proper usage follows:', ...best.usage, '520 End of proper usage.'] };
  }
  return { ok: true, command: { spec: best, name: best.words.join(' '), args } };
}
