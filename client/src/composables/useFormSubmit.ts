import { shallowRef, type ShallowRef } from 'vue';
import type { UseFormErrorsReturn } from './useFormErrors';

export interface UseFormSubmitReturn {
  submitting: ShallowRef<boolean>;
  /** Runs `action` once at a time; its failure lands in the form's errors. Resolves true on success. */
  submit: (action: () => Promise<unknown>) => Promise<boolean>;
}

/** The busy flag and error routing every form needs around its request. */
export function useFormSubmit(errors: UseFormErrorsReturn): UseFormSubmitReturn {
  const submitting = shallowRef(false);

  async function submit(action: () => Promise<unknown>): Promise<boolean> {
    if (submitting.value) return false;
    submitting.value = true;
    try {
      await action();
      return true;
    } catch (error) {
      errors.fromRequest(error);
      return false;
    } finally {
      submitting.value = false;
    }
  }

  return { submitting, submit };
}
