import { ScriptedAsterisk } from '../../../agi/testing/scripted-asterisk';

/** What the caller does at each PIN prompt: type these digits, stay silent until GET DATA times out, or hang up. */
export type PinEntry = `${number}` | 'hang up' | 'silence';

export interface TakeoverCallScript {
  port: number;
  callerId: string | null;
  /** The AGI URL's script and query, e.g. `oncall-takeover?division=1`. */
  target?: string;
  pins: PinEntry[];
  /** Type the first digit while agent-pass plays (STREAM FILE returns it). */
  typeDuringPrompt?: boolean;
  /** Awaited before answering each GET DATA: lets a test line two calls up. */
  beforePin?: () => Promise<void>;
}

export interface TakeoverCallRecord {
  sounds: string[];
  saidDigits: string[];
  variables: Record<string, string>;
  /** The server sent HANGUP. */
  serverHungUp: boolean;
  commands: string[][];
}

let callCounter = 0;

/** Plays one caller dialling the takeover line, as Asterisk would, until the server closes. */
export async function dialTakeover(script: TakeoverCallScript): Promise<TakeoverCallRecord> {
  const asterisk = await ScriptedAsterisk.connect(script.port);
  callCounter += 1;
  asterisk.sendEnvironment({
    agi_network: 'yes',
    agi_request: `agi://127.0.0.1:${script.port}/${script.target ?? 'oncall-takeover?division=1'}`,
    agi_channel: `PJSIP/test-${String(callCounter).padStart(8, '0')}`,
    agi_uniqueid: `1795274979.${callCounter}`,
    agi_callerid: script.callerId ?? 'unknown',
    agi_calleridname: 'Test caller',
    agi_context: 'from-internal',
    agi_extension: '7000',
  });
  const record: TakeoverCallRecord = { sounds: [], saidDigits: [], variables: {}, serverHungUp: false, commands: [] };
  const pins = [...script.pins];
  let typedFirst = '';
  for (;;) {
    const words = await asterisk.nextCommandWords();
    if (!words) break;
    record.commands.push(words);
    const verb = words.slice(0, 2).join(' ');
    if (words[0] === 'ANSWER') asterisk.send('200 result=0\n');
    else if (verb === 'STREAM FILE') {
      record.sounds.push(words[2] ?? '');
      const next = pins[0];
      if (words[2] === 'agent-pass' && script.typeDuringPrompt && next && next !== 'hang up' && next !== 'silence') {
        typedFirst = next.slice(0, 1);
        asterisk.send(`200 result=${next.charCodeAt(0)} endpos=800\n`);
      } else asterisk.send('200 result=0 endpos=1600\n');
    } else if (verb === 'GET DATA') {
      await script.beforePin?.();
      const entry = pins.shift();
      if (entry === undefined || entry === 'hang up') {
        asterisk.send('200 result=-1\nHANGUP\n');
        continue;
      }
      if (entry === 'silence') asterisk.send('200 result= (timeout)\n');
      else asterisk.send(`200 result=${entry.slice(typedFirst.length)}\n`);
      typedFirst = '';
    } else if (verb === 'SAY DIGITS') {
      record.saidDigits.push(words[2] ?? '');
      asterisk.send('200 result=0\n');
    } else if (verb === 'SET VARIABLE') {
      record.variables[words[2] ?? ''] = words[3] ?? '';
      asterisk.send('200 result=1\n');
    } else if (words[0] === 'HANGUP') {
      record.serverHungUp = true;
      asterisk.send('200 result=1\nHANGUP\n');
    } else asterisk.send('510 Invalid or unknown command\n');
  }
  return record;
}
