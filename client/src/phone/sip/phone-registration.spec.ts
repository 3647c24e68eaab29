import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserAgent } from 'sip.js';
import { PhoneRegistration } from './phone-registration';
import { RegistrationState } from '../state/registration-state';
import { FakeRegistrar, FakeRegistrarTransport } from './testing/fake-registrar';

const FAST_BACKOFF = { baseMs: 5, capMs: 40, jitter: 0 };
let cleanup: Array<() => Promise<void>> = [];

function setup(registrar = new FakeRegistrar(), backoff = FAST_BACKOFF): { registrar: FakeRegistrar; registration: PhoneRegistration; states: RegistrationState[] } {
  const ua = new UserAgent({
    uri: UserAgent.makeURI('sip:1001@pbx.test'),
    authorizationUsername: '1001',
    authorizationPassword: 'secret',
    transportConstructor: FakeRegistrarTransport,
    transportOptions: { registrar },
    logBuiltinEnabled: false,
  });
  const states: RegistrationState[] = [];
  const registration: PhoneRegistration = new PhoneRegistration(ua, 'wss://pbx.test/ws', 600, () => {
    if (states.at(-1) !== registration.machine.state) states.push(registration.machine.state);
  }, backoff, { baseMs: 5, capMs: 5, jitter: 0 });
  // Phone wires these the same way in its UserAgent delegate.
  ua.delegate = { onConnect: () => registration.onConnect(), onDisconnect: (error) => registration.onDisconnect(error) };
  cleanup.push(async () => {
    await registration.stop();
    // ua.stop() can hang over a dead transport (Phone races it the same way).
    await Promise.race([ua.stop(), new Promise((resolve) => setTimeout(resolve, 500))]);
  });
  return { registrar, registration, states };
}

afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

describe('PhoneRegistration over a fake registrar', () => {
  it('answers the digest challenge and reports registered only after the 200', async () => {
    const { registrar, registration, states } = setup();
    await registration.start();
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Registered));
    expect(states).toEqual([RegistrationState.Registering, RegistrationState.Registered]);
    expect(registrar.registrations).toEqual(['REGISTER expires=600']);
  });

  it('fails with reason auth on a wrong password and does not retry', async () => {
    const registrar = new FakeRegistrar();
    registrar.mode = 'wrong-password';
    const { registration } = setup(registrar);
    await registration.start();
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Failed));
    expect(registration.snapshot()).toMatchObject({ failure: { reason: 'auth', statusCode: 401 }, nextRetryAt: null });
  });

  it('reports an unreachable server, retries with backoff and registers once it is up', async () => {
    const registrar = new FakeRegistrar();
    registrar.mode = 'down';
    const { registration } = setup(registrar);
    await registration.start();
    expect(registration.snapshot()).toMatchObject({ state: RegistrationState.Failed, failure: { reason: 'unreachable' } });
    expect(registration.snapshot().failure?.message).toContain('certificate');
    expect(registration.snapshot().nextRetryAt).not.toBeNull();
    registrar.mode = 'accept';
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Registered));
  });

  it('re-registers by itself after the server drops the connection', async () => {
    const { registrar, registration, states } = setup();
    await registration.start();
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Registered));
    registrar.mode = 'down';
    registrar.dropAll();
    expect(registration.machine.state).toBe(RegistrationState.Reconnecting);
    await vi.waitFor(() => expect(states).toContain(RegistrationState.Failed)); // a retry found it still down
    registrar.mode = 'accept';
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Registered));
    expect(registrar.registrations).toEqual(['REGISTER expires=600', 'REGISTER expires=600']);
  });

  it('while a call waits, retries soon even when the backoff has grown long', async () => {
    // A backoff this long would outlive the test: only the urgent retry can register again.
    const { registrar, registration } = setup(new FakeRegistrar(), { baseMs: 600_000, capMs: 600_000, jitter: 0 });
    await registration.start();
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Registered));
    registrar.mode = 'down';
    registrar.dropAll();
    expect(registration.machine.state).toBe(RegistrationState.Reconnecting);
    registrar.mode = 'accept';
    registration.setUrgent(true);
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Registered));
  });

  it('unregisters on stop and ignores a later connection loss', async () => {
    const { registrar, registration } = setup();
    await registration.start();
    await vi.waitFor(() => expect(registration.machine.state).toBe(RegistrationState.Registered));
    await registration.stop();
    expect(registration.machine.state).toBe(RegistrationState.Unregistered);
    expect(registrar.registrations.at(-1)).toBe('REGISTER expires=0');
    registrar.dropAll();
    expect(registration.machine.state).toBe(RegistrationState.Unregistered);
  });
});
