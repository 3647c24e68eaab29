import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** Runs a snippet with scripts/lib.sh and scripts/install-lib.sh sourced. */
async function withInstallLib(script: string, env: Record<string, string> = {}): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run('bash', ['-c', `set -euo pipefail; source scripts/lib.sh; source scripts/install-lib.sh; ${script}`], { cwd: REPO, env: { ...process.env, ...env } });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; code: number };
    return { stdout: failed.stdout, code: failed.code };
  }
}

/** A scratch FreePBX /etc and OnDeck root, so --dry-run reads them and not the machine's. */
function scratch(existingEnv?: string): { etc: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), 'ondeck-install-'));
  const etc = join(base, 'etc');
  mkdirSync(join(etc, 'asterisk'), { recursive: true });
  writeFileSync(join(etc, 'freepbx.conf'), "<?php\n$amp_conf['AMPDBUSER'] = 'freepbxuser';\n$amp_conf['AMPDBNAME'] = 'asterisk';\n");
  const root = join(base, 'root');
  mkdirSync(root);
  if (existingEnv !== undefined) writeFileSync(join(root, '.env'), existingEnv, { mode: 0o644 });
  return { etc, root };
}

async function dryRun(existingEnv?: string): Promise<{ output: string; root: string }> {
  const { etc, root } = scratch(existingEnv);
  const { stdout, stderr } = await run('bash', [join(REPO, 'install.sh'), '--dry-run'], {
    cwd: REPO,
    env: { ...process.env, ONDECK_INSTALL_ETC: etc, ONDECK_ROOT: root, NO_COLOR: '1' },
  });
  return { output: stdout + stderr, root };
}

describe('install.sh', () => {
  it('--dry-run shows a service that runs as the unprivileged ondeck user, and a private .env', async () => {
    const { output, root } = await dryRun();
    expect(output).toMatch(/System user ondeck/);
    expect(output).toContain('User=ondeck');
    expect(output).not.toContain('User=root');
    expect(output).toContain('NoNewPrivileges=true');
    expect(output).not.toContain('CAP_NET_BIND_SERVICE'); // port 8080 needs no capability
    expect(output).toMatch(/would write .*\.env \(mode 600, owner ondeck/);
    expect(existsSync(join(root, '.env'))).toBe(false); // a dry run changes nothing
  });

  it('replaces a predictable JWT_SECRET, drops demo mode and keeps the admin\'s other settings', async () => {
    const { output } = await dryRun(`NODE_ENV=production\nJWT_SECRET=${'a'.repeat(40)}\nONDECK_DEMO=true\nTRUST_PROXY=1\nONCALL_PIN_PEPPER=q3ZP5mB1yXbW0Jt9oKc7vH2l\n`);
    expect(output).toContain('JWT_SECRET in');
    expect(output).toContain('generating a new one');
    expect(output).toContain('ONDECK_DEMO was on');
    expect(output).toMatch(/keeping: TRUST_PROXY$/m);
  });

  it('stops on a predictable on-call pin pepper instead of silently invalidating every PIN', async () => {
    await expect(dryRun(`ONCALL_PIN_PEPPER=${'0'.repeat(20)}\n`)).rejects.toMatchObject({ stderr: expect.stringContaining('ONCALL_PIN_PEPPER') });
  });

  it('writes .env as mode 600 even when an older copy was 644', async () => {
    const { root } = scratch('OLD=1\n');
    const file = join(root, '.env');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    const { code } = await withInstallLib(`write_private_file '${file}' 'JWT_SECRET=new' '${userInfo().username}'`);
    expect(code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('JWT_SECRET=new\n');
  });

  it('--dry-run says it would add the call log indexes to asteriskcdrdb.cdr', async () => {
    const { output } = await dryRun();
    expect(output).toMatch(/would apply .*cdr-indexes\.sql to asteriskcdrdb\.cdr/);
  });

  it('applies the ondeck_ CDR indexes when the cdr table exists (twice is fine), skips cleanly when not, and drops only its own', async () => {
    const db = `ondeck_install_cdr_${process.pid}`;
    const client = `-h${process.env.DB_HOST ?? '127.0.0.1'} -P${process.env.DB_PORT ?? '3306'} -u${process.env.DB_USER ?? 'root'}`;
    const sql = (statement: string): Promise<{ stdout: string; code: number }> => withInstallLib(`mariadb ${client} -N -B -e "${statement}"`);
    const indexes = async (): Promise<string> => (await sql(`SELECT GROUP_CONCAT(DISTINCT index_name ORDER BY index_name) FROM information_schema.statistics WHERE table_schema='${db}' AND table_name='cdr'`)).stdout.trim();
    await sql(`DROP DATABASE IF EXISTS ${db}`);
    const missing = await withInstallLib(`apply_cdr_indexes ${db} ${client}`);
    expect(missing).toMatchObject({ code: 0 });
    expect(missing.stdout).toContain('skipped');
    try {
      await sql(`CREATE DATABASE ${db}; CREATE TABLE ${db}.cdr (calldate datetime, src varchar(80), dst varchar(80), cnum varchar(80), channel varchar(80), dstchannel varchar(80), did varchar(50), lastdata varchar(80), uniqueid varchar(32), linkedid varchar(32), KEY calldate (calldate), KEY dst (dst))`);
      for (let run = 0; run < 2; run += 1) expect(await withInstallLib(`apply_cdr_indexes ${db} ${client}`)).toMatchObject({ code: 0 });
      expect(await indexes()).toMatch(/^calldate,dst,ondeck_calldate_uniqueid,.*ondeck_did_calldate.*ondeck_src_calldate$/);
      expect(await withInstallLib(`drop_cdr_indexes ${db} ${client}`)).toMatchObject({ code: 0 });
      expect(await indexes()).toBe('calldate,dst');
    } finally {
      await sql(`DROP DATABASE IF EXISTS ${db}`);
    }
  });

  it('asks for the bind capability only for a port below 1024', async () => {
    expect((await withInstallLib("service_unit /opt/ondeck /opt/ondeck/.env /usr/bin/node ondeck 443")).stdout).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE');
    expect((await withInstallLib("service_unit /opt/ondeck /opt/ondeck/.env /usr/bin/node ondeck 8080")).stdout).not.toContain('AmbientCapabilities');
  });
});
