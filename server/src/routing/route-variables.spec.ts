import { describe, expect, it } from 'vitest';
import { routeVariables } from './route-variables';

describe('routeVariables', () => {
  it('lists targets, links and the ring timeout for OK', () => {
    const vars = routeVariables({
      status: 'OK',
      targets: [
        { linkId: 7, clientId: 1, dialString: 'PJSIP/cc-north' },
        { linkId: 9, clientId: 2, dialString: 'PJSIP/cc-south' },
      ],
      ringTimeoutSeconds: 20,
      nextState: { roundRobinCursor: null },
    });
    expect(Object.fromEntries(vars)).toEqual({
      ROUTE_STATUS: 'OK',
      ROUTE_COUNT: '2',
      ROUTE_TARGET_1: 'PJSIP/cc-north',
      ROUTE_LINK_1: '7',
      ROUTE_TARGET_2: 'PJSIP/cc-south',
      ROUTE_LINK_2: '9',
      ROUTE_TIMEOUT: '20',
    });
  });

  it('gives the fallback when there is no room, and a bare status otherwise', () => {
    expect(Object.fromEntries(routeVariables({ status: 'NO_ROOM', reason: 'all_full', fallback: { kind: 'number', number: '+4930123' } }))).toEqual({
      ROUTE_STATUS: 'NO_ROOM',
      ROUTE_COUNT: '0',
      ROUTE_FALLBACK: 'number',
      ROUTE_FALLBACK_NUMBER: '+4930123',
    });
    expect(Object.fromEntries(routeVariables({ status: 'UNKNOWN_DID' }))).toEqual({ ROUTE_STATUS: 'UNKNOWN_DID', ROUTE_COUNT: '0' });
  });
});
