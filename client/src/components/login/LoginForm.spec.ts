import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import LoginForm from './LoginForm.vue';
import { useSessionStore } from '../../stores/session';

function answerLogin(status: number, body: unknown): ReturnType<typeof vi.fn> {
  const fake = vi.fn(async () => new Response(JSON.stringify(body), { status }));
  vi.stubGlobal('fetch', fake);
  return fake;
}

async function fillAndSubmit(wrapper: ReturnType<typeof mount>, login: string, password: string): Promise<void> {
  await wrapper.get('input[name=login]').setValue(login);
  await wrapper.get('input[name=password]').setValue(password);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

beforeEach(() => {
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('LoginForm', () => {
  it('shows the server message for a wrong password and clears the password', async () => {
    answerLogin(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password.' } });
    const wrapper = mount(LoginForm);
    await fillAndSubmit(wrapper, 'ada', 'not-the-password');
    expect(wrapper.get('[data-testid=login-error]').text()).toBe('Wrong username or password.');
    expect((wrapper.get('input[name=password]').element as HTMLInputElement).value).toBe('');
    expect(wrapper.emitted('signedIn')).toBeUndefined();
  });

  it('explains a lockout with the minutes left from retryAfter', async () => {
    answerLogin(429, { error: { code: 'locked_out', message: 'Locked', retryAfter: 290 } });
    const wrapper = mount(LoginForm);
    await fillAndSubmit(wrapper, '1001', 'whatever');
    expect(wrapper.get('[data-testid=login-error]').text()).toContain('Try again in 5 minutes');
  });

  it('says when the account\'s password sign-in is locked, with the minutes left', async () => {
    answerLogin(429, { error: { code: 'locked_out', message: 'Locked', retryAfter: 840, lockedScope: 'account' } });
    const wrapper = mount(LoginForm);
    await fillAndSubmit(wrapper, '1001', 'whatever');
    expect(wrapper.get('[data-testid=login-error]').text()).toBe('Too many failed sign-ins for this account, so its password sign-in is locked for now. Try again in 14 minutes.');
  });

  it('says so when the server cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const wrapper = mount(LoginForm);
    await fillAndSubmit(wrapper, 'ada', 'secret-password');
    expect(wrapper.get('[data-testid=login-error]').text()).toContain('Cannot reach the OnDeck server');
  });

  it('checks empty fields before calling the server and marks them invalid', async () => {
    const fake = answerLogin(200, {});
    const wrapper = mount(LoginForm);
    await fillAndSubmit(wrapper, '   ', '');
    expect(fake).not.toHaveBeenCalled();
    expect(wrapper.get('#login-name-error').text()).toContain('Enter your username or extension.');
    expect(wrapper.get('#login-password-error').text()).toContain('Enter your password.');
    expect(wrapper.get('input[name=login]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('input[name=login]').attributes('aria-describedby')).toBe('login-name-error');
  });

  it('disables the button while signing in and emits signedIn on success', async () => {
    let answer: (response: Response) => void = () => undefined;
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answer = resolve)));
    const wrapper = mount(LoginForm);
    await wrapper.get('input[name=login]').setValue('1001');
    await wrapper.get('input[name=password]').setValue('secret-password');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.get('button[type=submit]').attributes('disabled')).toBeDefined();
    answer(
      new Response(
        JSON.stringify({
          accessToken: 't',
          expiresIn: 600,
          user: { id: 1, username: 'ada', displayName: 'Ada', role: 'agent', extension: '1001', monitorModes: [], scope: { extensions: [], queues: [] } },
        }),
        { status: 200 },
      ),
    );
    await flushPromises();
    expect(wrapper.emitted('signedIn')).toHaveLength(1);
    expect(wrapper.get('button[type=submit]').attributes('disabled')).toBeUndefined();
    expect(useSessionStore().user?.extension).toBe('1001');
  });
});
