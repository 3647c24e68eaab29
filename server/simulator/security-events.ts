import type { World } from './world';

/**
 * Every INVITE/REGISTER from a phone is digest-challenged: ChallengeSent then SuccessfulAuth
 * (class security), as each capture shows before the caller's Newchannel.
 */
export function sipDigestAuth(world: World, ext: string): void {
  const endpoint = world.endpoints.get(ext);
  if (!endpoint) return;
  const eventTv = new Date(world.clock.now()).toISOString().replace('Z', '+0000');
  const port = /:(\d+)$/.exec(endpoint.contactUri)?.[1] ?? '5060';
  const base = {
    EventTV: eventTv,
    Severity: 'Informational',
    Service: 'PJSIP',
    EventVersion: '1',
    AccountID: ext,
    SessionID: `${ext}-${world.clock.now().toString(16)}`,
    LocalAddress: 'IPV4/UDP/127.0.0.1/5060',
    RemoteAddress: `IPV4/UDP/127.0.0.1/${port}`,
  };
  world.emit('ChallengeSent', 'security', { ...base, Challenge: '' });
  world.emit('SuccessfulAuth', 'security', { ...base, UsingPassword: '1' });
}
