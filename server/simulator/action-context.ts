import type { AmiMessage } from '../src/pbx/ami/codec';
import type { AmiSession } from './ami-session';
import type { CallRegistry } from './call-registry';
import type { Fields } from './types';
import type { World } from './world';

export interface ActionContext {
  readonly session: AmiSession;
  readonly request: AmiMessage;
  readonly world: World;
  readonly calls: CallRegistry;
}

export type ActionHandler = (ctx: ActionContext) => void;

/**
 * A list response framed as Asterisk does: Success + EventList start, the items, then the
 * Complete event. `actionIdLast` puts ActionID at the end of each item (QueueParams,
 * QueueMember, QueueEntry, QueueSummary, DBGetResponse do that).
 */
export function sendList(
  ctx: ActionContext,
  startMessage: string,
  items: ReadonlyArray<{ event: string; fields: Fields; actionIdLast?: boolean }>,
  completeEvent: string,
): void {
  const { session, request } = ctx;
  const actionId = request.actionId;
  const id: Fields = actionId === undefined ? {} : { ActionID: actionId };
  session.respond(request, 'Success', { EventList: 'start', Message: startMessage });
  for (const item of items) {
    session.write(item.actionIdLast ? { Event: item.event, ...item.fields, ...id } : { Event: item.event, ...id, ...item.fields });
  }
  session.write({ Event: completeEvent, ...id, EventList: 'Complete', ListItems: String(items.length) });
}

/** AMI booleans: yes/true/on/1. */
export function amiTrue(value: string | undefined): boolean {
  return /^(yes|true|y|t|1|on)$/i.test((value ?? '').trim());
}
