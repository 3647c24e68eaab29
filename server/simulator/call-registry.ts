import type { SimChannel } from './channel';

/** Anything that owns live channels and knows how to tear one down the Asterisk way. */
export interface ActiveCall {
  hangupChannel(channel: SimChannel): void;
}

/** Which scenario owns which channel, so AMI actions (Hangup, transfers) find the call. */
export class CallRegistry {
  private readonly byChannel = new Map<string, ActiveCall>();

  track(call: ActiveCall, ...channels: SimChannel[]): void {
    for (const channel of channels) this.byChannel.set(channel.name, call);
  }

  find(channel: SimChannel): ActiveCall | undefined {
    if (channel.hungUp) {
      this.byChannel.delete(channel.name);
      return undefined;
    }
    return this.byChannel.get(channel.name);
  }
}
