import { describe, expect, it } from 'vitest';
import { connectionPillState, type ConnectionPillInput } from './connection-pill';
import { pbxLinkStatus as pbx } from './testing/connection-pill';

const pill = (input: Partial<ConnectionPillInput>) =>
  connectionPillState({ socket: 'live', pbx: pbx('connected'), panelStale: false, ...input });

describe('connectionPillState', () => {
  it('says Live only when the socket, the PBX link and the panel data are all current', () => {
    expect(pill({})).toMatchObject({ label: 'Live', tone: 'ok' });
  });

  it('never says Live while the server has no PBX link, whatever the socket does', () => {
    expect(pill({ pbx: pbx('disabled') })).toMatchObject({ label: 'PBX down', tone: 'bad' });
    expect(pill({ pbx: pbx('disabled') }).title).toContain('AMI is turned off');
    expect(pill({ pbx: pbx('auth_failed', 'Authentication failed') })).toMatchObject({ label: 'PBX down', tone: 'bad' });
    expect(pill({ pbx: pbx('auth_failed', 'Authentication failed') }).title).toContain('Authentication failed');
    expect(pill({ pbx: pbx('reconnecting') })).toMatchObject({ label: 'PBX reconnecting', tone: 'warn' });
    expect(pill({ pbx: pbx('connecting') })).toMatchObject({ label: 'PBX reconnecting', tone: 'warn' });
  });

  it('says Reconnecting while the browser link is down, before anything about the PBX', () => {
    expect(pill({ socket: 'reconnecting', pbx: pbx('auth_failed') })).toMatchObject({ label: 'Reconnecting', tone: 'warn' });
    expect(pill({ socket: 'connecting' })).toMatchObject({ label: 'Connecting', tone: 'warn' });
    expect(pill({ socket: 'offline' })).toMatchObject({ label: 'Offline', tone: 'bad' });
    expect(pill({ socket: 'offline', endedMessage: 'Your account was disabled.' }).title).toBe('Your account was disabled.');
  });

  it('marks data that is not current yet: no PBX status received, or the panel still loading or resyncing', () => {
    expect(pill({ pbx: null })).toMatchObject({ label: 'Connecting', tone: 'warn' });
    expect(pill({ panelStale: true })).toMatchObject({ label: 'Syncing', tone: 'warn' });
    expect(pill({ panelStale: true }).title).toContain('out of date');
  });
});
