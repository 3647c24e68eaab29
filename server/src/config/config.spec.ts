import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema } from './config.schema';
import { ConfigError, loadConfig, parseConfig, parseEnvText } from './index';

const SECRET = 'k7Qp2vXr9LmZ4tWc8HsN1bYf6JdG3aEu'; // 32 varied characters

describe('HTTPS settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ondeck-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');

  it('reads both files, or serves plain HTTP with neither', () => {
    expect(parseConfig({ JWT_SECRET: SECRET }).config.http.tls).toBeUndefined();
    const tls = parseConfig({ JWT_SECRET: SECRET, TLS_CERT_FILE: cert, TLS_KEY_FILE: key }).config.http.tls;
    expect(tls?.certFile).toBe(cert);
    expect(tls?.key.toString()).toContain('PRIVATE KEY');
  });

  it('names a missing file, a half setting and a file that is not PEM, in words', () => {
    expect(() => parseConfig({ JWT_SECRET: SECRET, TLS_CERT_FILE: cert })).toThrow(/set both \(HTTPS\) or neither/);
    expect(() => parseConfig({ JWT_SECRET: SECRET, TLS_CERT_FILE: join(dir, 'nope.pem'), TLS_KEY_FILE: key })).toThrow(/TLS_CERT_FILE: cannot read .*nope\.pem \(no such file\)/);
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(() => parseConfig({ JWT_SECRET: SECRET, TLS_CERT_FILE: cert, TLS_KEY_FILE: notPem })).toThrow(/TLS_KEY_FILE: .*not a PEM file/);
  });
});

describe('parseConfig', () => {
  it('applies documented defaults', () => {
    const { config, warnings } = parseConfig({ JWT_SECRET: SECRET });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, proxyHops: 0 });
    expect(config.outbound).toEqual({ allowPrivate: false, allowLoopback: false });
    expect(config.db).toMatchObject({ host: '127.0.0.1', port: 3306, name: 'ondeck' });
    expect(config.fastAgi).toEqual({ host: '127.0.0.1', port: 4573 });
    expect(config.ami.enabled).toBe(false);
    expect(config.demo).toBe(false);
    expect(config.clientDist).toMatch(/client[\\/]dist$/);
    expect(warnings).toEqual([]);
  });

  it('reads booleans and numbers from strings', () => {
    const { config } = parseConfig({ JWT_SECRET: SECRET, HTTP_PORT: '9000', TRUST_PROXY: 'yes', ONDECK_DEMO: 'true' });
    expect(config.http.port).toBe(9000);
    expect(config.http.proxyHops).toBe(1);
    expect(config.demo).toBe(true);
  });

  it('trusts exactly the configured number of proxies', () => {
    expect(parseConfig({ JWT_SECRET: SECRET, TRUST_PROXY: '2' }).config.http.proxyHops).toBe(2);
    expect(parseConfig({ JWT_SECRET: SECRET, TRUST_PROXY: 'false' }).config.http.proxyHops).toBe(0);
    expect(() => parseConfig({ JWT_SECRET: SECRET, TRUST_PROXY: 'all' })).toThrow(/TRUST_PROXY: must be false, true/);
  });

  it('refuses demo mode in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, ONDECK_DEMO: 'true' })).toThrow(/ONDECK_DEMO: must be false in production/);
    expect(parseConfig({ NODE_ENV: 'development', JWT_SECRET: SECRET, ONDECK_DEMO: 'true' }).config.demo).toBe(true);
  });

  it('refuses a low-entropy JWT_SECRET in production and warns elsewhere', () => {
    for (const weak of ['a'.repeat(64), 'ab'.repeat(32), 'password'.repeat(5)]) {
      expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: weak })).toThrow(/JWT_SECRET: too predictable/);
      expect(parseConfig({ NODE_ENV: 'development', JWT_SECRET: weak }).warnings.join()).toContain('too predictable');
    }
    // What the installer and `openssl rand` produce passes.
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'q3ZP5mB1yXbW0Jt+9oKc7vH2lR4nE8sA6dF/gUiM0aQzYw1xCv2bN3m4L5k6J7h8' }).warnings).toEqual([]);
    expect(parseConfig({ NODE_ENV: 'production', JWT_SECRET: '3f9a1c7e5b2d8f40a6c1e9b7d3f5a2c8' }).warnings).toEqual([]);
  });

  it('refuses a low-entropy ONCALL_PIN_PEPPER in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, ONCALL_PIN_PEPPER: '0'.repeat(20) })).toThrow(/ONCALL_PIN_PEPPER: too predictable/);
  });

  it('reads the outbound address switches', () => {
    expect(parseConfig({ JWT_SECRET: SECRET, OUTBOUND_ALLOW_PRIVATE: 'true', OUTBOUND_ALLOW_LOOPBACK: 'yes' }).config.outbound).toEqual({ allowPrivate: true, allowLoopback: true });
  });

  it('takes the demo phone settings only in demo mode', () => {
    const demo = { JWT_SECRET: SECRET, DEMO_SIP_SECRETS: '1001=a.b-C,1002=x7', DEMO_PHONE_PROBLEM: 'Kamailio did not start' };
    expect(parseConfig({ ...demo, ONDECK_DEMO: 'true' }).config.webrtc).toMatchObject({
      demoSecrets: { '1001': 'a.b-C', '1002': 'x7' },
      unavailableReason: 'Kamailio did not start',
    });
    expect(parseConfig(demo).config.webrtc).toMatchObject({ demoSecrets: {}, unavailableReason: null });
    expect(() => parseConfig({ JWT_SECRET: SECRET, DEMO_SIP_SECRETS: '1001=has space' })).toThrow(ConfigError);
  });

  it('lists every bad setting at once', () => {
    try {
      parseConfig({ HTTP_PORT: 'eighty', DB_NAME: 'bad-name;', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('HTTP_PORT');
      expect(problems).toContain('DB_NAME');
      expect(problems).toContain('LOG_LEVEL');
    }
  });

  it('refuses to start in production without a JWT secret', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production/);
  });

  it('refuses a short JWT secret in any mode', () => {
    expect(() => parseConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('generates a per-process secret in development and warns', () => {
    const first = parseConfig({});
    const second = parseConfig({});
    expect(first.config.auth.jwtSecretGenerated).toBe(true);
    expect(first.config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.config.auth.jwtSecret).not.toBe(second.config.auth.jwtSecret);
    expect(first.warnings.join()).toContain('JWT_SECRET');
  });

  it('reads the FreePBX database name and the on-call PIN pepper, refusing a short pepper', () => {
    const { config } = parseConfig({ JWT_SECRET: SECRET });
    expect(config.freepbx.dbName).toBe('asterisk');
    expect(config.oncall.pinPepper).toBeNull();
    const custom = parseConfig({ JWT_SECRET: SECRET, FREEPBX_DB_NAME: 'fpbx', ONCALL_PIN_PEPPER: 'p'.repeat(20) }).config;
    expect(custom.freepbx.dbName).toBe('fpbx');
    expect(custom.oncall.pinPepper).toBe('p'.repeat(20));
    expect(() => parseConfig({ JWT_SECRET: SECRET, ONCALL_PIN_PEPPER: 'short' })).toThrow(/ONCALL_PIN_PEPPER/);
  });

  it('reads how queue members are written: auto by default, freepbx or device when set, nothing else', () => {
    expect(parseConfig({ JWT_SECRET: SECRET }).config.queueMemberStyle).toBe('auto');
    expect(parseConfig({ JWT_SECRET: SECRET, QUEUE_MEMBER_STYLE: 'device' }).config.queueMemberStyle).toBe('device');
    expect(parseConfig({ JWT_SECRET: SECRET, QUEUE_MEMBER_STYLE: 'freepbx' }).config.queueMemberStyle).toBe('freepbx');
    expect(() => parseConfig({ JWT_SECRET: SECRET, QUEUE_MEMBER_STYLE: 'hint' })).toThrow(/QUEUE_MEMBER_STYLE/);
  });

  it('requires AMI credentials when AMI is enabled', () => {
    expect(() => parseConfig({ JWT_SECRET: SECRET, AMI_ENABLED: 'true' })).toThrow(/AMI_USERNAME and AMI_SECRET/);
  });
});

describe('loadConfig', () => {
  it('reads the file named by ONDECK_ENV_FILE, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ondeck-env-'));
    const file = join(dir, 'test.env');
    writeFileSync(file, `JWT_SECRET=${SECRET}\nHTTP_PORT=7000\nDB_NAME=from_file\n`);
    const { config } = loadConfig({ ONDECK_ENV_FILE: file, HTTP_PORT: '7100' });
    expect(config.http.port).toBe(7100);
    expect(config.db.name).toBe('from_file');
  });

  it('works without a file when the environment has everything', () => {
    const { config } = loadConfig({ ONDECK_ENV_FILE: '/nonexistent/ondeck.env', JWT_SECRET: SECRET });
    expect(config.auth.jwtSecretGenerated).toBe(false);
  });
});

describe('.env.example', () => {
  const example = parseEnvText(readFileSync(fileURLToPath(new URL('../../../.env.example', import.meta.url)), 'utf8'));

  it('documents every setting the config reads', () => {
    expect(Object.keys(example).sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('is valid once a JWT secret is filled in, and refused in production without one', () => {
    expect(parseConfig({ ...example, JWT_SECRET: SECRET }).config.nodeEnv).toBe('production');
    expect(() => parseConfig(example)).toThrow(/JWT_SECRET/);
  });
});

describe('parseEnvText', () => {
  it('handles comments, quotes, export and trailing comments', () => {
    expect(
      parseEnvText('# comment\nexport A=1\nB="two words"\nC=\'single # kept\'\nD=plain # note\nnot a line\nE=\n'),
    ).toEqual({ A: '1', B: 'two words', C: 'single # kept', D: 'plain', E: '' });
  });
});
