import type { ExtensionView, QueueView } from '@ondeck/shared';
import { extensionStatus, type ExtensionStatus } from './panel-format';

export interface ExtensionFilter {
  text: string;
  status: ExtensionStatus | '';
  queue: string;
}

export interface ExtensionGroup {
  key: string;
  title: string;
  extensions: ExtensionView[];
}

function membersOf(queue: QueueView): Set<string> {
  return new Set(queue.members.flatMap((m) => (m.extension ? [m.extension] : [])));
}

/** Text matches number or name (case-insensitive); status and queue must match when set. */
export function filterExtensions(extensions: readonly ExtensionView[], queues: readonly QueueView[], filter: ExtensionFilter): ExtensionView[] {
  const text = filter.text.trim().toLowerCase();
  const queue = filter.queue ? queues.find((q) => q.name === filter.queue) : undefined;
  const inQueue = queue ? membersOf(queue) : undefined;
  return extensions.filter(
    (e) =>
      (text === '' || e.number.includes(text) || (e.name ?? '').toLowerCase().includes(text)) &&
      (filter.status === '' || extensionStatus(e) === filter.status) &&
      (inQueue === undefined || inQueue.has(e.number)),
  );
}

/** One group per queue (an extension may appear in several), then those in no queue. */
export function groupByQueue(extensions: readonly ExtensionView[], queues: readonly QueueView[]): ExtensionGroup[] {
  const grouped = new Set<string>();
  const groups: ExtensionGroup[] = [];
  for (const queue of queues) {
    const members = membersOf(queue);
    const list = extensions.filter((e) => members.has(e.number));
    list.forEach((e) => grouped.add(e.number));
    if (list.length > 0) groups.push({ key: `queue:${queue.name}`, title: `Queue ${queue.name}`, extensions: list });
  }
  const rest = extensions.filter((e) => !grouped.has(e.number));
  if (rest.length > 0) groups.push({ key: 'none', title: 'Not in a queue', extensions: rest });
  return groups;
}
