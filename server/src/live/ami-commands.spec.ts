import { describe, expect, it } from 'vitest';
import { looksLikeFreePbxMember, memberInterfaces, spyModeKey, spyOriginate } from './ami-commands';

describe('panel AMI commands', () => {
  it('writes queue members the way the PBX does: FreePBX Local + hint, or the plain device', () => {
    expect(memberInterfaces('freepbx', '1003')).toEqual({ interface: 'Local/1003@from-queue/n', stateInterface: 'hint:1003@ext-local' });
    expect(memberInterfaces('device', '1003')).toEqual({ interface: 'PJSIP/1003', stateInterface: 'PJSIP/1003' });
  });

  it('recognises FreePBX members, and not the plain Asterisk ones of the captures', () => {
    expect(looksLikeFreePbxMember({ interface: 'Local/1001@from-queue/n', stateInterface: 'hint:1001@ext-local' })).toBe(true);
    expect(looksLikeFreePbxMember({ interface: 'PJSIP/1001', stateInterface: 'hint:1001@ext-local' })).toBe(true);
    // The captures' plain Asterisk (queue support-local): Local members with the device as state.
    expect(looksLikeFreePbxMember({ interface: 'Local/1003@from-queue/n', stateInterface: 'PJSIP/1003' })).toBe(false);
    expect(looksLikeFreePbxMember({ interface: 'PJSIP/1001', stateInterface: 'PJSIP/1001' })).toBe(false);
  });

  it('starts ChanSpy with d and switches with its keys 4, 5, 6 (capture spy-mode-switch)', () => {
    expect(spyOriginate('1003', 'PJSIP/1001-000000d1', 'listen').Data).toBe('PJSIP/1001-000000d1,qEdu');
    expect(spyOriginate('1003', 'PJSIP/1001-000000d1', 'barge').Data).toBe('PJSIP/1001-000000d1,qEduB');
    expect(['listen', 'whisper', 'barge'].map((mode) => spyModeKey('PJSIP/1003-000000d3', mode as 'listen').Digit)).toEqual(['4', '5', '6']);
    expect(spyModeKey('PJSIP/1003-000000d3', 'whisper')).toMatchObject({ Action: 'PlayDTMF', Channel: 'PJSIP/1003-000000d3', Receive: 'true' });
  });
});
