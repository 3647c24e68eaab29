import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { PhoneSecretList, UserRecord } from '@ondeck/shared';
import PhoneSecretDialog from './PhoneSecretDialog.vue';

const AGENT: UserRecord = {
  id: 9, username: 'ann', displayName: 'Ann Agent', role: 'agent', extension: '1002', monitorModes: [],
  scope: { extensions: [], queues: [] }, disabled: false, createdAt: '2026-11-01T10:00:00Z', updatedAt: '2026-11-01T10:00:00Z', lastLoginAt: null,
};

interface SentRequest {
  method: string;
  url: string;
  body: unknown;
}

function fakeServer(list: PhoneSecretList, warning: string | null = null): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const request: SentRequest = { method: init.method ?? 'GET', url, body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined };
    sent.push(request);
    if (request.method === 'GET') return new Response(JSON.stringify(list), { status: 200 });
    if (request.method === 'PUT') return new Response(JSON.stringify({ warning }), { status: 200 });
    return new Response(null, { status: 204 });
  });
  return sent;
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('PhoneSecretDialog', () => {
  it('sets a short secret the PBX accepts, warning about it instead of refusing it', async () => {
    const sent = fakeServer({ secrets: [], freepbx: false }, 'This secret is short.');
    const wrapper = mount(PhoneSecretDialog, { props: { open: true, user: AGENT }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.get('[data-testid="sip-secret-status"]').text()).toContain('has no secret set here');
    await wrapper.get('#sip-secret').setValue('x7k2');
    expect(wrapper.get('#sip-secret-warning').text()).toMatch(/short/);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent.at(-1)).toEqual({ method: 'PUT', url: '/api/phone/secrets/1002', body: { secret: 'x7k2' } });
    expect(wrapper.emitted('done')?.[0]).toEqual(['Set the SIP secret of extension 1002. This secret is short.']);
  });

  it('says a secret is set without showing it, and clears it', async () => {
    const sent = fakeServer({ secrets: [{ extension: '1002', updatedAt: '2026-11-20T08:00:00Z' }], freepbx: true });
    const wrapper = mount(PhoneSecretDialog, { props: { open: true, user: AGENT }, attachTo: document.body });
    await flushPromises();
    expect(wrapper.get('[data-testid="sip-secret-status"]').text()).toMatch(/has a secret set here .* never shown\. FreePBX's own secret/);
    expect((wrapper.get('#sip-secret').element as HTMLInputElement).value).toBe('');
    await wrapper.get('button.clear').trigger('click');
    await flushPromises();
    expect(sent.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/phone/secrets/1002' });
    expect(wrapper.emitted('done')?.[0]).toEqual(['Cleared the SIP secret of extension 1002.']);
  });

  it('refuses an empty secret next to the field and sends nothing', async () => {
    const sent = fakeServer({ secrets: [], freepbx: false });
    const wrapper = mount(PhoneSecretDialog, { props: { open: true, user: AGENT }, attachTo: document.body });
    await flushPromises();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent.map((request) => request.method)).toEqual(['GET']);
    expect(wrapper.get('#sip-secret').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Enter the secret.');
  });
});
