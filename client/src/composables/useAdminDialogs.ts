import { shallowRef, type ShallowRef } from 'vue';
import { describeError } from '../lib/errors';

export interface UseAdminDialogsReturn<D> {
  /** The dialog open on the page, if any. */
  dialog: ShallowRef<D | null>;
  /** What the last dialog achieved, shown above the list until the next one opens. */
  notice: ShallowRef<string | null>;
  deleting: ShallowRef<boolean>;
  deleteError: ShallowRef<string | null>;
  open: (next: D) => void;
  close: (message?: string | null) => void;
  /**
   * Runs a confirmed delete once at a time: success closes the dialog with `done` as the
   * notice; a failure keeps the confirm dialog open and says why, so nothing is lost silently.
   */
  confirmDelete: (remove: () => Promise<unknown>, done: string) => Promise<void>;
}

/** The open/close/notice/delete bookkeeping every admin list page (users, on-call) shares. */
export function useAdminDialogs<D>(): UseAdminDialogsReturn<D> {
  const dialog = shallowRef<D | null>(null);
  const notice = shallowRef<string | null>(null);
  const deleting = shallowRef(false);
  const deleteError = shallowRef<string | null>(null);

  function open(next: D): void {
    notice.value = null;
    deleteError.value = null;
    dialog.value = next;
  }

  function close(message: string | null = null): void {
    dialog.value = null;
    notice.value = message;
  }

  async function confirmDelete(remove: () => Promise<unknown>, done: string): Promise<void> {
    if (deleting.value) return;
    deleting.value = true;
    try {
      await remove();
      close(done);
    } catch (error) {
      deleteError.value = describeError(error);
    } finally {
      deleting.value = false;
    }
  }

  return { dialog, notice, deleting, deleteError, open, close, confirmDelete };
}
