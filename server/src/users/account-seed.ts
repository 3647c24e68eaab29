import { randomBytes } from 'node:crypto';
import type { MonitorMode, Role, Scope } from '@ondeck/shared';
import { DEMO_ONCALL, demoNameOf } from '../demo';
import { boxed, table } from '../logging';
import type { UsersRepository } from './users.repository';
import type { UsersService } from './users.service';

export interface SeededAccount {
  username: string;
  password: string;
  role: Role;
  extension: string | null;
}

interface DemoAccount extends SeededAccount {
  displayName: string;
  monitorModes: MonitorMode[];
  scope: Scope;
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/**
 * Demo accounts: known passwords on purpose. Only created when ONDECK_DEMO=true. Names are the
 * demo company's (server/src/demo), so the panel, queues and on-call show the same person.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', password: 'admin-demo', role: 'admin', displayName: 'Demo Admin', extension: null, monitorModes: [], scope: { extensions: [], queues: [] } },
  {
    username: 'sup',
    password: 'sup-demo-pw',
    role: 'supervisor',
    displayName: demoNameOf('1001'),
    extension: '1001',
    monitorModes: ['listen', 'whisper', 'barge'],
    scope: { extensions: range(1001, 1010), queues: ['support'] },
  },
  { username: 'agent', password: 'agent-demo', role: 'agent', displayName: demoNameOf('1002'), extension: '1002', monitorModes: [], scope: { extensions: ['1002'], queues: [] } },
  { username: 'agent2', password: 'agent2-demo', role: 'agent', displayName: demoNameOf('1003'), extension: '1003', monitorModes: [], scope: { extensions: ['1003'], queues: [] } },
];

/** Creates the demo accounts that do not exist yet; existing ones (maybe edited) are left alone. */
export async function seedDemoAccounts(service: UsersService, repository: UsersRepository): Promise<SeededAccount[]> {
  const created: SeededAccount[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await repository.existsByUsername(account.username)) continue;
    await service.create({ ...account, disabled: false }, null);
    created.push(account);
  }
  return created;
}

/**
 * A fresh install has no accounts and so no way in: create `admin` with a one-time password
 * that start-up prints. Does nothing once any account exists.
 */
export async function ensureFirstAdmin(
  service: UsersService,
  repository: UsersRepository,
  password: string = randomBytes(12).toString('base64url'),
): Promise<SeededAccount | null> {
  if ((await repository.count()) > 0) return null;
  await service.create(
    { username: 'admin', displayName: 'Administrator', role: 'admin', extension: null, password, monitorModes: [], scope: { extensions: [], queues: [] }, disabled: false },
    null,
  );
  return { username: 'admin', password, role: 'admin', extension: null };
}

/** The box printed at start-up: demo accounts, or the one-time first admin password. Null when nothing to say. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The box printed on start. For the demo it says who can reach it: its passwords are
 * published, so it listens on this machine only unless started with `--listen`.
 */
export function startupBanner(url: string, demo: boolean, seeded: readonly SeededAccount[], listenHost = '127.0.0.1'): string | null {
  if (demo) {
    const rows = table([['user', 'password', 'role', 'ext'], ...DEMO_ACCOUNTS.map((a) => [a.username, a.password, a.role, a.extension ?? '-'])]);
    const note = seeded.length === DEMO_ACCOUNTS.length ? [] : ['(accounts from an earlier start keep any password changed since)'];
    const reach = LOOPBACK_HOSTS.has(listenHost)
      ? [`Listening on ${listenHost} only: open it from this machine.`, 'To reach it from other machines on a trusted network:', '  ./start.sh --demo --listen 0.0.0.0']
      : [`Listening on ${listenHost}: anyone who can reach this port can sign in`, 'with the published passwords above. Use a trusted network only.'];
    const oncall = `On call: "${DEMO_ONCALL.division}", PIN ${DEMO_ONCALL.pin} for sup, agent and agent2`;
    return boxed([`OnDeck demo is running at ${url}`, '', ...rows, ...note, '', oncall, '', ...reach]);
  }
  const admin = seeded[0];
  if (!admin) return null;
  return boxed([
    `OnDeck is running at ${url}`,
    '',
    'First start: an admin account was created.',
    `  user: ${admin.username}`,
    `  password: ${admin.password}`,
    'Sign in and change this password now (it is shown only once).',
  ]);
}
