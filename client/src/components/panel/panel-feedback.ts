import { shallowRef } from 'vue';
import type { Ack, PanelActionResult } from '@ondeck/shared';

export interface PanelFeedback {
  text: string;
  ok: boolean;
}

/** The latest action outcome, read out by PanelFeedbackBar's live region. */
export const panelFeedback = shallowRef<PanelFeedback | null>(null);

/** Shows the server's words for an action's outcome; returns whether it worked. */
export function reportAction(result: Ack<PanelActionResult>): boolean {
  panelFeedback.value = result.ok ? { text: result.data.message, ok: true } : { text: result.error.message, ok: false };
  return result.ok;
}
