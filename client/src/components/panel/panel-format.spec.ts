import { describe, expect, it } from 'vitest';
import type { ExtensionView, QueueView } from '@ondeck/shared';
import { filterExtensions, groupByQueue } from './extension-filter';
import { extensionStatus, formatDuration } from './panel-format';

const ext = (number: string, extra: Partial<ExtensionView> = {}): ExtensionView => ({
  number,
  name: `Name ${number}`,
  deviceState: 'NOT_INUSE',
  registration: { contacts: [], reachable: true },
  dnd: false,
  callIds: [],
  ...extra,
});

const queue = (name: string, members: string[]): QueueView => ({
  name,
  waiting: 0,
  completed: 0,
  abandoned: 0,
  serviceLevel: 0,
  serviceLevelPerf: 0,
  holdTime: 0,
  talkTime: 0,
  callers: [],
  members: members.map((m) => ({
    interface: `Local/${m}@from-queue/n`,
    name: m,
    stateInterface: '',
    extension: m,
    status: 'not_in_use',
    paused: false,
    callsTaken: 0,
    inCall: false,
    membership: 'dynamic',
    penalty: 0,
  })),
});

describe('extensionStatus', () => {
  it.each([
    [ext('1', { deviceState: 'RINGING' }), 'ringing'],
    [ext('1', { deviceState: 'RINGINUSE' }), 'ringing'],
    [ext('1', { deviceState: 'INUSE', dnd: true }), 'in_call'],
    [ext('1', { deviceState: 'ONHOLD' }), 'on_hold'],
    [ext('1', { dnd: true }), 'dnd'],
    [ext('1'), 'idle'],
    [ext('1', { registration: { contacts: [], reachable: false } }), 'unavailable'],
    [ext('1', { deviceState: 'UNAVAILABLE' }), 'unavailable'],
    [ext('1', { deviceState: 'UNKNOWN' }), 'unavailable'],
  ] as const)('%# maps to %s', (extension, status) => {
    expect(extensionStatus(extension)).toBe(status);
  });
});

describe('formatDuration', () => {
  it('formats minutes, hours and clamps negatives', () => {
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5_000)).toBe('0:00');
  });
});

describe('filterExtensions and groupByQueue', () => {
  const all = [ext('1001'), ext('1002', { deviceState: 'INUSE' }), ext('1003', { name: 'Alice' })];
  const queues = [queue('sales', ['1001', '1002']), queue('support', ['1002'])];

  it('filters by text on number or name, status and queue', () => {
    expect(filterExtensions(all, queues, { text: 'alice', status: '', queue: '' }).map((e) => e.number)).toEqual(['1003']);
    expect(filterExtensions(all, queues, { text: '100', status: 'in_call', queue: '' }).map((e) => e.number)).toEqual(['1002']);
    expect(filterExtensions(all, queues, { text: '', status: '', queue: 'support' }).map((e) => e.number)).toEqual(['1002']);
    expect(filterExtensions(all, queues, { text: 'zzz', status: '', queue: '' })).toEqual([]);
  });

  it('groups by queue with a rest group', () => {
    expect(groupByQueue(all, queues).map((g) => [g.title, g.extensions.map((e) => e.number)])).toEqual([
      ['Queue sales', ['1001', '1002']],
      ['Queue support', ['1002']],
      ['Not in a queue', ['1003']],
    ]);
  });
});
