export type NotificationAvailability = NotificationPermission | 'unsupported';

/**
 * Desktop notifications for incoming calls while the tab is hidden. Permission is asked
 * only from a click on "Notify me of calls", never on page load: browsers penalise
 * sites that ask unprompted, and operators rightly refuse.
 */
export class IncomingCallNotifier {
  #open = new Map<string, Notification>();

  availability(): NotificationAvailability {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  /** Call from a user gesture. */
  async requestPermission(): Promise<NotificationAvailability> {
    if (typeof Notification === 'undefined') return 'unsupported';
    return Notification.requestPermission();
  }

  /** Shows a notification when the page is hidden and permission was given; clicking it focuses the tab. */
  notify(callId: string, caller: string): void {
    if (this.availability() !== 'granted' || !document.hidden) return;
    const notification = new Notification('Incoming call', { body: caller, tag: `ondeck-call-${callId}`, requireInteraction: true });
    notification.onclick = () => {
      window.focus();
      notification.close();
    };
    this.#open.set(callId, notification);
  }

  /** Answered, declined or gone: the notification has nothing left to say. */
  close(callId: string): void {
    this.#open.get(callId)?.close();
    this.#open.delete(callId);
  }
}
