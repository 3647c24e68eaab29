import { runAgi } from './agi-client';
import type { AgiResult, AgiRunOptions } from './agi-client';
import { emitCdr } from './cdr-records';
import type { World } from './world';

export type AgiCallOptions = Omit<AgiRunOptions, 'env' | 'astdb' | 'onCommandStart' | 'onCommandEnd'> & {
  /** The dialled extension that runs AGI() (7000 in the lab dialplan). */
  exten?: string;
};

const RESULT_TEXT: Record<string, string> = {
  '200': 'Success',
  '510': 'Invalid or unknown command',
  '511': 'Command Not Permitted on a dead channel or intercept routine',
  '520': 'Usage',
};

/**
 * An extension dials a FastAGI extension (agi-session / agi-hangup AMI captures): the call
 * is answered, AGI() runs against a real AGI server, every command shows up as
 * AGIExecStart/AGIExecEnd, and the channel goes away when the AGI server closes.
 */
export async function runAgiCall(world: World, from: string, options: AgiCallOptions): Promise<AgiResult> {
  const endpoint = world.endpoints.get(from);
  if (!endpoint) throw new Error(`no endpoint ${from}`);
  const exten = options.exten ?? '7000';
  const channel = world.createChannel({ endpoint: from, state: 4, callerNum: from, callerName: endpoint.callerName, context: 'from-internal', exten });
  world.newexten(channel, 1, 'NoOp', 'FastAGI oncall');
  world.newexten(channel, 2, 'Answer', '');
  world.setState(channel, 6);
  const agiData = [options.request, ...(options.args ?? [])].join(',');
  world.newexten(channel, 3, 'AGI', agiData);
  let commandId = 1_000_000;
  let current = '';
  const result = await runAgi({
    ...options,
    astdb: world.astdb,
    env: {
      channel: channel.name,
      uniqueid: channel.uniqueid,
      callerid: channel.callerNum,
      calleridname: channel.callerName,
      dnid: exten,
      extension: exten,
      context: channel.context,
    },
    onCommandStart: (command) => {
      current = String(commandId++);
      world.emit('AGIExecStart', 'agi', { ...channel.snapshot(), CommandId: current, Command: command });
    },
    onCommandEnd: (command, reply, info) => {
      for (const digit of info.digits) {
        world.emit('DTMFBegin', 'dtmf', { ...channel.snapshot(), Digit: digit, Direction: 'Received' });
        world.emit('DTMFEnd', 'dtmf', { ...channel.snapshot(), Digit: digit, DurationMs: '180', Direction: 'Received' });
      }
      if (info.hungUp) {
        if (command.trim().toUpperCase() === 'HANGUP') world.hangupRequest(channel, 32, { soft: true });
        else world.hangupRequest(channel, 16, { omitCause: true });
      }
      const code = (reply[0] ?? '').slice(0, 3);
      world.emit('AGIExecEnd', 'agi', { ...channel.snapshot(), CommandId: current, Command: command, ResultCode: code, Result: RESULT_TEXT[code] ?? 'Success' });
    },
  });
  world.hangupRequest(channel, 16, { soft: true });
  world.hangup(channel, 0);
  emitCdr(world, { caller: channel, callee: undefined, dialString: exten, lastApp: 'AGI', lastData: agiData }, 'ANSWERED');
  return result;
}
