import { describe, expect, it } from 'vitest';
import { describeMediaError, dtmfFromInfoBody, MIC_BLOCKED_HELP, sipfragStatus } from './call-outcome';
import { describeSipStatus } from './sip-status';

describe('describeSipStatus', () => {
  it.each([
    [486, 'busy', 'Busy'],
    [600, 'busy', 'Busy everywhere'],
    [603, 'declined', 'Call declined'],
    [404, 'not-found', 'Number not found'],
    [480, 'unavailable', 'Temporarily unavailable (not registered or do-not-disturb)'],
    [403, 'forbidden', 'Not allowed to call this number'],
    [408, 'timeout', 'No answer in time (request timeout)'],
    [488, 'no-codec', 'No common audio codec with the other side'],
  ])('maps %i to %s', (code, kind, message) => {
    expect(describeSipStatus(code)).toEqual({ code, kind, message });
  });

  it('falls back by class for codes it does not know', () => {
    expect(describeSipStatus(502, 'Bad Gateway')).toEqual({ code: 502, kind: 'server-error', message: 'PBX error 502: Bad Gateway' });
    expect(describeSipStatus(499)).toEqual({ code: 499, kind: 'failed', message: 'Call failed (499)' });
  });
});

describe('describeMediaError', () => {
  const named = (name: string): Error => Object.assign(new Error('x'), { name });

  it('explains a blocked microphone with the steps to allow it', () => {
    expect(describeMediaError(named('NotAllowedError'))).toEqual({ code: 0, kind: 'mic-blocked', message: MIC_BLOCKED_HELP });
  });

  it('tells a missing microphone apart from other failures', () => {
    expect(describeMediaError(named('NotFoundError')).kind).toBe('no-mic');
    expect(describeMediaError('boom')).toEqual({ code: 0, kind: 'media-failed', message: 'Audio could not start: boom' });
  });
});

describe('sipfragStatus', () => {
  it('reads the status line of a NOTIFY body and refuses anything else', () => {
    expect(sipfragStatus('SIP/2.0 200 OK\r\n')).toBe(200);
    expect(sipfragStatus('  SIP/2.0 180 Ringing')).toBe(180);
    expect(sipfragStatus('')).toBeNull();
    expect(sipfragStatus('HTTP/1.1 200 OK')).toBeNull();
  });
});

describe('dtmfFromInfoBody', () => {
  it('reads dtmf-relay and plain dtmf bodies', () => {
    expect(dtmfFromInfoBody('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n')).toBe('5');
    expect(dtmfFromInfoBody('Application/DTMF-Relay', 'Signal= #')).toBe('#');
    expect(dtmfFromInfoBody('application/dtmf', '*')).toBe('*');
  });

  it('ignores other content types and garbage', () => {
    expect(dtmfFromInfoBody('application/media_control+xml', 'Signal=5')).toBeNull();
    expect(dtmfFromInfoBody('application/dtmf-relay', 'Signal=X')).toBeNull();
    expect(dtmfFromInfoBody('application/dtmf', '12')).toBeNull();
  });
});
