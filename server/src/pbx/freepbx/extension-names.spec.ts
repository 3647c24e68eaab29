import { describe, expect, it } from 'vitest';
import type { ExtensionView } from '@ondeck/shared';
import { AmiMessage } from '../ami/codec';
import { PbxModel } from '../model';
import { ExtensionNames } from './extension-names';
import type { ExtensionNameSource } from './freepbx-users.repository';

/** A name source the test controls: each load resolves or fails when the test says so. */
class ScriptedSource implements ExtensionNameSource {
  loads = 0;
  next: Map<string, string> | Error = new Map();
  private release: (() => void) | undefined;
  hold = false;

  async listNames(): Promise<Map<string, string>> {
    this.loads += 1;
    if (this.hold) await new Promise<void>((resolve) => (this.release = resolve));
    if (this.next instanceof Error) throw this.next;
    return new Map(this.next);
  }

  finish(): void {
    this.release?.();
  }
}

function manualInterval() {
  const ticks: Array<() => void> = [];
  let cleared = 0;
  return {
    ticks,
    get cleared() {
      return cleared;
    },
    setInterval: (fn: () => void) => ticks.push(fn),
    clearInterval: () => void (cleared += 1),
  };
}

describe('ExtensionNames', () => {
  it('answers undefined before the first load and serves names from memory afterwards', async () => {
    const source = new ScriptedSource();
    source.next = new Map([['1001', 'Alice']]);
    const names = new ExtensionNames(source);
    expect(names.nameOf('1001')).toBeUndefined();
    expect(await names.refresh()).toBe(true);
    expect(names.nameOf('1001')).toBe('Alice');
    expect(names.nameOf('1002')).toBeUndefined();
    expect(source.loads).toBe(1);
  });

  it('never blocks the caller: start() returns while the load is still pending', async () => {
    const source = new ScriptedSource();
    source.hold = true;
    source.next = new Map([['1001', 'Alice']]);
    const timer = manualInterval();
    const names = new ExtensionNames(source, timer);
    names.start();
    expect(names.nameOf('1001')).toBeUndefined();
    const pending = names.refresh();
    expect(source.loads).toBe(1); // joined the load in progress
    source.finish();
    await pending;
    expect(names.nameOf('1001')).toBe('Alice');
    names.stop();
    expect(timer.cleared).toBe(1);
  });

  it('reloads on every tick and tells listeners only when a name changed', async () => {
    const source = new ScriptedSource();
    const timer = manualInterval();
    const names = new ExtensionNames(source, { ...timer, refreshMs: 1000 });
    let changes = 0;
    names.onChange(() => (changes += 1));
    source.next = new Map([['1001', 'Alice']]);
    names.start();
    await names.refresh();
    expect(changes).toBe(1);
    timer.ticks[0]?.();
    await names.refresh();
    expect(changes).toBe(1);
    source.next = new Map([['1001', 'Alice Smith']]);
    timer.ticks[0]?.();
    await names.refresh();
    expect(changes).toBe(2);
    expect(names.nameOf('1001')).toBe('Alice Smith');
    names.stop();
  });

  it('keeps the last good names when the database fails, and logs it', async () => {
    const source = new ScriptedSource();
    const warnings: string[] = [];
    const names = new ExtensionNames(source, { logger: { warn: (_details, message) => warnings.push(message), error: () => undefined } });
    source.next = new Map([['1001', 'Alice']]);
    await names.refresh();
    source.next = new Error('connect ECONNREFUSED');
    expect(await names.refresh()).toBe(false);
    expect(names.nameOf('1001')).toBe('Alice');
    expect(warnings).toHaveLength(1);
  });

  it('says a missing FreePBX database once, in plain words without a stack, and again only after a change', async () => {
    const source = new ScriptedSource();
    const logged: Array<{ details: Record<string, unknown>; message: string }> = [];
    const names = new ExtensionNames(source, { logger: { warn: (details, message) => logged.push({ details: details as Record<string, unknown>, message }), error: () => undefined } });
    source.next = Object.assign(new Error("Unknown database 'asterisk'"), { code: 'ER_BAD_DB_ERROR', errno: 1049 });
    for (let refresh = 0; refresh < 5; refresh++) await names.refresh();
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe(
      'FreePBX extension names unavailable (the FreePBX database does not exist (FREEPBX_DB_NAME)); showing the names phones send. Said once until it changes.',
    );
    expect(logged[0]?.details).not.toHaveProperty('err');
    expect(JSON.stringify(logged[0]?.details)).not.toMatch(/at .*\.ts|stack/);
    source.next = new Map([['1001', 'Alice']]);
    await names.refresh();
    source.next = Object.assign(new Error("Unknown database 'asterisk'"), { code: 'ER_BAD_DB_ERROR' });
    await names.refresh();
    expect(logged).toHaveLength(2);
    expect(logged[1]?.message).toMatch(/keeping the last ones/);
  });

  it('a throwing change listener does not stop the others', async () => {
    const source = new ScriptedSource();
    source.next = new Map([['1001', 'Alice']]);
    const names = new ExtensionNames(source, { logger: { warn: () => undefined, error: () => undefined } });
    let reached = false;
    names.onChange(() => {
      throw new Error('listener bug');
    });
    names.onChange(() => (reached = true));
    await names.refresh();
    expect(reached).toBe(true);
  });

  it('gives the model names that arrive after its views were built, through refreshNames()', async () => {
    const source = new ScriptedSource();
    const names = new ExtensionNames(source);
    const model = new PbxModel({ nameSource: names.nameOf });
    names.onChange(() => model.refreshNames());
    model.resync([AmiMessage.from({ Event: 'DeviceStateChange', Device: 'PJSIP/1001', State: 'NOT_INUSE' })]);
    expect(model.extension('1001')?.name).toBeUndefined();
    const updates: ExtensionView[] = [];
    model.subscribe((change) => {
      if (change.kind === 'extension' && change.value) updates.push(change.value);
    });
    source.next = new Map([['1001', 'Alice']]);
    await names.refresh();
    expect(model.extension('1001')?.name).toBe('Alice');
    expect(updates.map((view) => view.name)).toEqual(['Alice']);
  });
});
