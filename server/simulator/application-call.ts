import type { ActiveCall } from './call-registry';
import type { SimChannel } from './channel';
import { emitCdr } from './cdr-records';
import { sipDigestAuth } from './security-events';
import type { World } from './world';

/**
 * A phone calls a dialplan application instead of a person (voicemail-application-party and
 * voicemail-mwi captures): one channel, answered by the dialplan, running the application
 * until the phone hangs up. Lab dialplan: `*97` VoiceMailMain(<own>@default,s), `*<ext>`
 * VoiceMail(<ext>@default,u), `600` Answer + Playback(demo-congrats) + Echo.
 */
export class ApplicationCall implements ActiveCall {
  private constructor(
    readonly world: World,
    readonly caller: SimChannel,
  ) {}

  static start(world: World, from: string, exten: string): ApplicationCall {
    const endpoint = world.endpoints.get(from);
    if (!endpoint) throw new Error(`no endpoint ${from}`);
    const steps = dialplanOf(world, from, exten);
    if (!steps) throw new Error(`no application at ${exten}`);
    sipDigestAuth(world, from);
    const caller = world.createChannel({ endpoint: from, state: 4, callerNum: from, callerName: endpoint.callerName, context: 'from-internal', exten });
    let priority = 1;
    for (const [application, data] of steps) {
      world.newexten(caller, priority++, application, data);
      if (caller.state !== 6 && application !== 'NoOp') world.setState(caller, 6);
    }
    return new ApplicationCall(world, caller);
  }

  /** The phone hangs up; the application ends with it (cause 0 in the capture). */
  hangup(): void {
    const { world, caller } = this;
    if (caller.hungUp) return;
    world.hangupRequest(caller, 16, { omitCause: true });
    if (/^voicemail/i.test(caller.application ?? '')) {
      const mailbox = (caller.applicationData ?? '').split(',')[0] ?? '';
      world.emit('MessageWaiting', 'call', { ...caller.snapshot(), Mailbox: mailbox, Waiting: '0', New: '0', Old: '0' });
    }
    world.hangupRequest(caller, 16, { soft: true });
    world.hangup(caller, 0);
    emitCdr(world, { caller, callee: undefined, dialString: caller.exten, lastApp: caller.application ?? '', lastData: caller.applicationData ?? '' }, 'ANSWERED');
  }

  hangupChannel(channel: SimChannel): void {
    if (channel === this.caller) this.hangup();
  }
}

function dialplanOf(world: World, from: string, exten: string): Array<[string, string]> | undefined {
  if (exten === '*97') return [['NoOp', `Voicemail main ${from}`], ['VoiceMailMain', `${from}@default,s`]];
  if (exten === '600') return [['Answer', ''], ['Playback', 'demo-congrats'], ['Echo', '']];
  const mailbox = /^\*(\d+)$/.exec(exten)?.[1];
  if (mailbox !== undefined && world.endpoints.has(mailbox)) return [['NoOp', `Direct to voicemail ${mailbox}`], ['VoiceMail', `${mailbox}@default,u`]];
  return undefined;
}
