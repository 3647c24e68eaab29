import { connect } from 'node:net';
import { AstDb } from './astdb';
import { DEAD_CHANNEL, lookupCommand } from './agi-commands';
import type { ParsedCommand } from './agi-commands';

export type DtmfScript = readonly string[] | ((command: string, args: readonly string[]) => string | undefined);

export interface AgiRunOptions {
  host: string;
  port: number;
  /** e.g. `agi://127.0.0.1:4573/oncall-takeover?division=1` */
  request: string;
  /** AGI() arguments after the URL: agi_arg_1... */
  args?: readonly string[];
  /** Overrides for the agi_* environment (keys without the agi_ prefix or with it). */
  env?: Record<string, string>;
  /** Digits the caller presses at each prompt (STREAM FILE, GET DATA, WAIT FOR DIGIT...), in order. */
  dtmf?: DtmfScript;
  /** The caller hangs up during the Nth command (1-based), as agi-hangup.txt shows. */
  hangupAfter?: number;
  /** Channel variables known before the script runs. */
  variables?: Record<string, string>;
  /** AstDB used by DATABASE commands; a private one by default. */
  astdb?: AstDb;
  /** Observers, e.g. to emit AGIExecStart/AGIExecEnd on AMI. `hungUp` = the channel died during this command. */
  onCommandStart?: (command: string) => void;
  onCommandEnd?: (command: string, reply: readonly string[], info: { hungUp: boolean; digits: string }) => void;
}

export interface AgiTranscriptLine {
  /** `out` = the simulated Asterisk wrote it; `in` = the AGI server sent it. */
  direction: 'in' | 'out';
  line: string;
}

export interface AgiResult {
  transcript: AgiTranscriptLine[];
  commands: Array<{ command: string; reply: string[] }>;
  variables: Map<string, string>;
  hungUp: boolean;
}

/** The agi_* environment in Asterisk's order (agi-session.txt). */
export function agiEnvironment(request: string, args: readonly string[], overrides: Record<string, string> = {}): Array<[string, string]> {
  const script = request.replace(/^agi:\/\/[^/]*\/?/, '');
  const base: Array<[string, string]> = [
    ['agi_network', 'yes'],
    ['agi_network_script', script],
    ['agi_request', request],
    ['agi_channel', 'PJSIP/1001-00000056'],
    ['agi_language', 'en'],
    ['agi_type', 'PJSIP'],
    ['agi_uniqueid', '1795274979.94'],
    ['agi_version', '22.10.1'],
    ['agi_callerid', '1001'],
    ['agi_calleridname', 'Ext 1001'],
    ['agi_callingpres', '0'],
    ['agi_callingani2', '0'],
    ['agi_callington', '0'],
    ['agi_callingtns', '0'],
    ['agi_dnid', '7000'],
    ['agi_rdnis', 'unknown'],
    ['agi_context', 'from-internal'],
    ['agi_extension', '7000'],
    ['agi_priority', '3'],
    ['agi_enhanced', '0.0'],
    ['agi_accountcode', ''],
    ['agi_threadid', '139685009086144'],
  ];
  const normalised = new Map(Object.entries(overrides).map(([k, v]) => [k.startsWith('agi_') ? k : `agi_${k}`, v]));
  const env = base.map(([k, v]): [string, string] => [k, normalised.get(k) ?? v]);
  args.forEach((arg, i) => env.push([`agi_arg_${i + 1}`, arg]));
  return env;
}

/**
 * Plays the Asterisk side of one FastAGI session against a real AGI server: sends the
 * environment, answers each command like res_agi, and resolves when the server closes.
 */
export function runAgi(options: AgiRunOptions): Promise<AgiResult> {
  const transcript: AgiTranscriptLine[] = [];
  const commands: AgiResult['commands'] = [];
  const variables = new Map(Object.entries(options.variables ?? {}));
  const astdb = options.astdb ?? new AstDb();
  let dead = false;
  let prompt = 0;
  let buffer = '';

  return new Promise((resolve, reject) => {
    const socket = connect(options.port, options.host);
    const write = (lines: readonly string[]): void => {
      for (const line of lines) transcript.push({ direction: 'out', line });
      if (!socket.destroyed) socket.write(lines.map((l) => `${l}\n`).join(''));
    };
    let pressed = '';
    const nextDigits = (command: string, args: readonly string[]): string | undefined => {
      const script = options.dtmf;
      if (!script) return undefined;
      const digits = typeof script === 'function' ? script(command, args) : script[prompt++];
      pressed = digits ?? '';
      return digits;
    };
    const hangUpNow = (): void => {
      dead = true;
      // Asterisk notices the hangup asynchronously: the bare line follows the pending reply.
      setImmediate(() => write(['HANGUP']));
    };

    const answer = (command: ParsedCommand, index: number): string[] => {
      const { name, args } = command;
      const hangupHere = options.hangupAfter === index && !dead;
      if (dead && !command.spec.deadOk) return [DEAD_CHANNEL];
      const media = name === 'STREAM FILE' || name === 'GET DATA' || name === 'SAY DIGITS' || name === 'SAY NUMBER' || name === 'WAIT FOR DIGIT';
      if (hangupHere && media) {
        hangUpNow();
        return ['200 result=-1'];
      }
      const reply = ((): string[] => {
        switch (name) {
          case 'ANSWER':
          case 'NOOP':
          case 'EXEC':
            return ['200 result=0'];
          case 'HANGUP':
            if (!dead) hangUpNow();
            return ['200 result=1'];
          case 'STREAM FILE':
          case 'SAY DIGITS':
          case 'SAY NUMBER':
          case 'WAIT FOR DIGIT': {
            const escape = name === 'WAIT FOR DIGIT' ? '0123456789*#' : (args[1] ?? '');
            const digit = (nextDigits(name, args) ?? '').charAt(0);
            const code = digit !== '' && escape.includes(digit) ? digit.charCodeAt(0) : 0;
            return [name === 'STREAM FILE' ? `200 result=${code} endpos=3404` : `200 result=${code}`];
          }
          case 'GET DATA': {
            const max = Number(args[2] ?? 0) || Infinity;
            const pressed = nextDigits(name, args);
            if (pressed === undefined) return ['200 result= (timeout)'];
            const terminated = pressed.includes('#');
            const digits = pressed.split('#')[0]?.slice(0, max) ?? '';
            return [terminated || digits.length >= max ? `200 result=${digits}` : `200 result=${digits} (timeout)`];
          }
          case 'SET VARIABLE':
            variables.set(args[0] ?? '', args[1] ?? '');
            return ['200 result=1'];
          case 'GET VARIABLE':
          case 'GET FULL VARIABLE': {
            const value = variables.get(args[0] ?? '');
            return [value === undefined ? '200 result=0' : `200 result=1 (${value})`];
          }
          case 'VERBOSE':
            return ['200 result=1'];
          case 'DATABASE PUT':
            astdb.put(args[0] ?? '', args[1] ?? '', args[2] ?? '');
            return ['200 result=1'];
          case 'DATABASE GET': {
            const value = astdb.get(args[0] ?? '', args[1] ?? '');
            return [value === undefined ? '200 result=0' : `200 result=1 (${value})`];
          }
          case 'DATABASE DEL':
            return [astdb.del(args[0] ?? '', args[1] ?? '') ? '200 result=1' : '200 result=0'];
          case 'CHANNEL STATUS':
            return [dead ? '200 result=-1' : '200 result=6'];
          default:
            return ['510 Invalid or unknown command'];
        }
      })();
      if (hangupHere) hangUpNow();
      return reply;
    };

    socket.once('connect', () => {
      const env = agiEnvironment(options.request, options.args ?? [], options.env);
      write([...env.map(([k, v]) => `${k}: ${v}`), '']);
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        const newline = buffer.indexOf('\n');
        if (newline === -1) break;
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line.trim() === '') continue;
        transcript.push({ direction: 'in', line });
        options.onCommandStart?.(line);
        const wasDead = dead;
        pressed = '';
        const lookup = lookupCommand(line);
        const reply = lookup.ok ? answer(lookup.command, commands.length + 1) : lookup.reply;
        commands.push({ command: line, reply });
        options.onCommandEnd?.(line, reply, { hungUp: dead && !wasDead, digits: pressed });
        write(reply);
      }
    });
    socket.on('end', () => {
      // Asterisk writes one last HANGUP when the AGI server closes (agi-hangup.txt).
      write(['HANGUP']);
      socket.end();
    });
    socket.on('close', () => resolve({ transcript, commands, variables, hungUp: dead }));
    socket.on('error', (error) => reject(error));
  });
}
