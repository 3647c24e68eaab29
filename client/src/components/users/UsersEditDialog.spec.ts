import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { UserRecord } from '@ondeck/shared';
import UsersEditDialog from './UsersEditDialog.vue';

const SUPERVISOR: UserRecord = {
  id: 4,
  username: 'sup',
  displayName: 'Sam Supervisor',
  role: 'supervisor',
  extension: '1001',
  monitorModes: ['listen'],
  scope: { extensions: ['1001', '1002', '1003', '2001'], queues: ['support'] },
  disabled: false,
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
  lastLoginAt: null,
};

interface SentRequest {
  method: string;
  url: string;
  body: unknown;
}

function fakeServer(answer: (request: SentRequest) => Response): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const request: SentRequest = { method: init.method ?? 'GET', url, body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined };
    sent.push(request);
    return answer(request);
  });
  return sent;
}

function mountDialog(user: UserRecord | null) {
  return mount(UsersEditDialog, { props: { open: true, user }, attachTo: document.body });
}

async function fill(wrapper: ReturnType<typeof mountDialog>, id: string, value: string): Promise<void> {
  await wrapper.get(`#${id}`).setValue(value);
}

beforeEach(() => {
  setActivePinia(createPinia());
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('UsersEditDialog', () => {
  it('shows the saved scope folded into ranges', () => {
    const wrapper = mountDialog(SUPERVISOR);
    expect((wrapper.get('#user-scope-extensions').element as HTMLInputElement).value).toBe('1001-1003, 2001');
    expect((wrapper.get('#user-scope-queues').element as HTMLInputElement).value).toBe('support');
  });

  it('sends the parsed scope and the changed fields', async () => {
    const sent = fakeServer((request) => new Response(JSON.stringify({ ...SUPERVISOR, ...(request.body as object) }), { status: 200 }));
    const wrapper = mountDialog(SUPERVISOR);
    await fill(wrapper, 'user-scope-extensions', '1001-1004 3000');
    await fill(wrapper, 'user-extension', '');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/users/4',
      body: { extension: null, scope: { extensions: ['1001', '1002', '1003', '1004', '3000'], queues: ['support'] } },
    });
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 4 });
  });

  it('keeps a bad scope beside its field and sends nothing', async () => {
    const sent = fakeServer(() => new Response('{}', { status: 200 }));
    const wrapper = mountDialog(SUPERVISOR);
    await fill(wrapper, 'user-scope-extensions', '1001-1003, 12a');
    await fill(wrapper, 'user-scope-queues', 'sales/east');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(0);
    expect(wrapper.get('#user-scope-extensions-error').text()).toContain('"12a" must be 2 to 10 digits');
    expect(wrapper.get('#user-scope-queues-error').text()).toContain('sales/east');
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('checks a new user with the shared schema before sending', async () => {
    const sent = fakeServer(() => new Response('{}', { status: 201 }));
    const wrapper = mountDialog(null);
    await fill(wrapper, 'user-username', 'a b');
    await fill(wrapper, 'user-display-name', 'Someone');
    await fill(wrapper, 'user-password', 'short');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toHaveLength(0);
    expect(wrapper.get('#user-username-error').text()).toContain('may contain letters, digits');
    expect(wrapper.get('#user-password-error').text()).toContain('at least 8 characters');
  });

  it('shows the server field errors beside the fields they belong to', async () => {
    fakeServer(
      () =>
        new Response(
          JSON.stringify({ error: { code: 'conflict', message: 'That username is taken.', fields: { username: 'is already in use' } } }),
          { status: 409 },
        ),
    );
    const wrapper = mountDialog(null);
    await fill(wrapper, 'user-username', 'casey');
    await fill(wrapper, 'user-display-name', 'Casey');
    await fill(wrapper, 'user-password', 'long-enough-password');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('#user-username-error').text()).toContain('is already in use');
    expect(wrapper.get('[role=alert].alert').text()).toBe('That username is taken.');
    expect(wrapper.emitted('saved')).toBeUndefined();
  });
});
