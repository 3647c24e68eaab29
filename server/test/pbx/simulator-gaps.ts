/**
 * Fills one known fidelity gap of the simulator, so the chaos test checks OnDeck and not
 * the simulator. Remove once the simulator sets these itself.
 *
 * Gap: legs rung by Queue() keep an empty Application, so CoreShowChannels reports them
 * with `Application: ` only. Real Asterisk 22 runs them as `AppQueue` / `(Outgoing Line)`
 * (queue-answered capture, Newexten of the member leg), and a FreePBX Local member's `;2`
 * half runs `Dial` (from-queue: `Dial(PJSIP/${EXTEN},,)`) whose phone leg runs `AppDial`.
 * A resync infers who rings whom from exactly these names. The simulator's fidelity check
 * skips the dialplan class (Newexten), which is why it does not notice.
 */
import type { World } from '../../src/simulator';

export function runQueueLegsAsAsteriskDoes(world: World): () => void {
  return world.onEvent((event) => {
    if (event.name !== 'DialBegin') return;
    const caller = event.fields.Channel === undefined ? undefined : world.findChannel(event.fields.Channel);
    const dest = event.fields.DestChannel === undefined ? undefined : world.findChannel(event.fields.DestChannel);
    if (!caller || !dest) return;
    if (caller.application === 'Queue' && dest.application === '') {
      dest.application = 'AppQueue';
      dest.applicationData = '(Outgoing Line)';
    } else if (caller.name.startsWith('Local/') && caller.name.endsWith(';2')) {
      if (caller.application === '') {
        caller.application = 'Dial';
        caller.applicationData = `${event.fields.DialString ?? ''},,`;
      }
      if (dest.application === '') {
        dest.application = 'AppDial';
        dest.applicationData = '(Outgoing Line)';
      }
    }
  });
}
