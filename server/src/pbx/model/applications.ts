/**
 * Dialplan applications a call can be connected to instead of a person (voicemail, a
 * conference, an IVR, a recording, a parking lot), named the way a person says it.
 * The application is what the channel runs now: Newexten's Application/AppData live,
 * CoreShowChannel's Application/ApplicationData after a resync (voicemail-application-party).
 */
import type { CallApplication } from '@ondeck/shared';
import type { ChannelRecord } from './channels';

type Kind = CallApplication['kind'];

/** FreePBX runs IVRs in contexts `ivr-<id>`; their prompts are Background/Playback/WaitExten. */
const IVR_CONTEXT = /^ivr-/i;

/** `1002@default,u` -> `1002`; `800,default_bridge` -> `800`. */
function firstArgument(data: string | undefined): string | undefined {
  const first = data?.split(',')[0]?.split('@')[0]?.trim();
  return first === undefined || first === '' ? undefined : first;
}

function labelled(kind: Kind, app: string, label: string): CallApplication {
  return { kind, app, label };
}

/** The application `channel` is connected to, or undefined when it runs none a person talks to. */
export function applicationOf(channel: ChannelRecord): CallApplication | undefined {
  const app = channel.application;
  if (app === undefined) return undefined;
  const data = channel.appData;
  if (channel.context !== undefined && IVR_CONTEXT.test(channel.context) && /^(background|playback|waitexten|read)$/i.test(app)) {
    return labelled('ivr', app, 'IVR');
  }
  switch (app.toLowerCase()) {
    case 'voicemail':
    case 'voicemailmain': {
      const mailbox = firstArgument(data);
      return labelled('voicemail', app, mailbox === undefined ? 'Voicemail' : `Voicemail ${mailbox}`);
    }
    case 'confbridge':
    case 'meetme': {
      const room = firstArgument(data);
      return labelled('conference', app, room === undefined ? 'Conference' : `Conference ${room}`);
    }
    case 'background':
    case 'waitexten':
    case 'read':
      return labelled('ivr', app, 'IVR');
    case 'playback':
    case 'controlplayback':
    case 'saydigits':
    case 'saynumber':
    case 'sayalpha':
      return labelled('playback', app, 'Playback');
    case 'echo':
      return labelled('echo', app, 'Echo test');
    case 'park':
    case 'parkandannounce':
      return labelled('parking', app, 'Parking');
    case 'musiconhold':
      return labelled('music', app, 'Music on hold');
    case 'record':
      return labelled('recording', app, 'Recording');
    case 'directory':
      return labelled('directory', app, 'Directory');
    default:
      return undefined;
  }
}
