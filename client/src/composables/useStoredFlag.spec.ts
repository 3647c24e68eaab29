import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { useStoredFlag } from './useStoredFlag';

describe('useStoredFlag', () => {
  beforeEach(() => localStorage.clear());

  it('remembers a choice across a reload (a second use of the same key)', async () => {
    const first = useStoredFlag('ondeck.test.compact');
    expect(first.value).toBe(false);
    first.value = true;
    await nextTick();
    expect(useStoredFlag('ondeck.test.compact').value).toBe(true);
    first.value = false;
    await nextTick();
    expect(useStoredFlag('ondeck.test.compact', true).value).toBe(false);
  });

  it('ignores a stored value that is not a yes/no and keeps the default', () => {
    localStorage.setItem('ondeck.test.grouped', 'maybe');
    expect(useStoredFlag('ondeck.test.grouped', true).value).toBe(true);
  });
});
