/**
 * A resync sees no Hold and no DialBegin events: who holds and who rings whom must be
 * inferred from the list answers alone (CoreShowChannels + DeviceStateList).
 */
import { describe, expect, it } from 'vitest';
import { AmiMessage } from '../ami/codec';
import { relationsOfSnapshot } from './testing/captures';
import { PbxModel } from './pbx-model';

const LINKEDID = '1795274763.59';

function channel(name: string, uniqueid: string, state: 5 | 6, application: string, fields: Record<string, string> = {}): AmiMessage {
  const number = /PJSIP\/(\d+)-/.exec(name)?.[1] ?? '';
  return AmiMessage.from({
    Event: 'CoreShowChannel', Channel: name, ChannelState: String(state), ChannelStateDesc: state === 6 ? 'Up' : 'Ringing',
    CallerIDNum: number, CallerIDName: `Ext ${number}`, ConnectedLineNum: '<unknown>', Context: 'from-internal', Exten: number,
    Uniqueid: uniqueid, Linkedid: LINKEDID, Application: application, ApplicationData: '', BridgeId: '', ...fields,
  });
}

const device = (ext: string, state: string): AmiMessage => AmiMessage.from({ Event: 'DeviceStateChange', Device: `PJSIP/${ext}`, State: state });

describe('resync inference', () => {
  const talking = [
    channel('PJSIP/1001-00000050', LINKEDID, 6, 'Dial', { BridgeId: 'b1' }),
    channel('PJSIP/1002-00000051', '1795274763.60', 6, 'AppDial', { BridgeId: 'b1' }),
  ];

  it('a bridged party whose device is ONHOLD is held by its peer', () => {
    const model = new PbxModel();
    model.resync([...talking, device('1001', 'INUSE'), device('1002', 'ONHOLD')]);
    expect(relationsOfSnapshot(model.snapshot())).toEqual(['1001+1002 on_hold']);
    expect(model.calls()[0]?.relations[0]?.heldParty).toBe('1002');
  });

  it('without ONHOLD the same call is simply up', () => {
    const model = new PbxModel();
    model.resync([...talking, device('1001', 'INUSE'), device('1002', 'INUSE')]);
    expect(relationsOfSnapshot(model.snapshot())).toEqual(['1001+1002 up']);
  });

  it('queue members ringing (AppQueue) ring with the caller running Queue', () => {
    const model = new PbxModel();
    model.resync([
      channel('PJSIP/1003-00000052', LINKEDID, 6, 'Queue'),
      channel('PJSIP/1001-00000053', '1795274763.61', 5, 'AppQueue', { ConnectedLineNum: '1003' }),
      channel('PJSIP/1002-00000054', '1795274763.62', 5, 'AppQueue', { ConnectedLineNum: '1003' }),
      device('1001', 'RINGING'), device('1002', 'RINGING'), device('1003', 'INUSE'),
    ]);
    expect(relationsOfSnapshot(model.snapshot())).toEqual(['1001+1003 ringing', '1002+1003 ringing']);
  });
});
