import { describe, expect, it } from 'vitest';
import { useAdminDialogs } from './useAdminDialogs';

type Dialog = { kind: 'edit' | 'delete'; id: number };

describe('useAdminDialogs', () => {
  it('opening clears the last notice and delete error; closing sets the notice', () => {
    const page = useAdminDialogs<Dialog>();
    page.close('Saved Ann.');
    page.deleteError.value = 'old';
    page.open({ kind: 'edit', id: 1 });
    expect(page.dialog.value).toEqual({ kind: 'edit', id: 1 });
    expect(page.notice.value).toBeNull();
    expect(page.deleteError.value).toBeNull();
    page.close();
    expect(page.dialog.value).toBeNull();
    expect(page.notice.value).toBeNull();
  });

  it('a delete that succeeds closes with its notice', async () => {
    const page = useAdminDialogs<Dialog>();
    page.open({ kind: 'delete', id: 2 });
    await page.confirmDelete(async () => {}, 'Deleted Bo.');
    expect(page.dialog.value).toBeNull();
    expect(page.notice.value).toBe('Deleted Bo.');
    expect(page.deleting.value).toBe(false);
  });

  it('a delete that fails stays open and says why', async () => {
    const page = useAdminDialogs<Dialog>();
    page.open({ kind: 'delete', id: 3 });
    await page.confirmDelete(() => Promise.reject(new Error('The member is on call now.')), 'Deleted Cy.');
    expect(page.dialog.value).toEqual({ kind: 'delete', id: 3 });
    expect(page.deleteError.value).toBe('The member is on call now.');
    expect(page.notice.value).toBeNull();
    expect(page.deleting.value).toBe(false);
  });

  it('runs one delete at a time', async () => {
    const page = useAdminDialogs<Dialog>();
    let calls = 0;
    let finish = (): void => {};
    const remove = (): Promise<void> => {
      calls += 1;
      return new Promise((resolve) => (finish = resolve));
    };
    const first = page.confirmDelete(remove, 'Deleted.');
    await page.confirmDelete(remove, 'Deleted.');
    expect(calls).toBe(1);
    finish();
    await first;
    expect(page.notice.value).toBe('Deleted.');
  });
});
