import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue';

export interface UseDismissableReturn {
  isOpen: ShallowRef<boolean>;
  open: () => void;
  close: () => void;
  toggle: () => void;
}

/**
 * Open/close state for a popup menu that closes on Escape and on a click outside `container`.
 * Escape hands focus back to `returnFocus`, so keyboard users do not lose their place.
 */
export function useDismissable(
  container: Readonly<Ref<HTMLElement | null>>,
  returnFocus: Readonly<Ref<HTMLElement | null>> = container,
): UseDismissableReturn {
  const isOpen = shallowRef(false);

  const close = (): void => {
    isOpen.value = false;
  };

  const onPointerDown = (event: PointerEvent): void => {
    if (container.value && event.target instanceof Node && !container.value.contains(event.target)) close();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    close();
    returnFocus.value?.focus();
  };

  const stopListening = (): void => {
    document.removeEventListener('pointerdown', onPointerDown, true);
    document.removeEventListener('keydown', onKeyDown);
  };

  watch(isOpen, (open) => {
    if (open) {
      document.addEventListener('pointerdown', onPointerDown, true);
      document.addEventListener('keydown', onKeyDown);
    } else {
      stopListening();
    }
  });
  onScopeDispose(stopListening);

  return {
    isOpen,
    open: () => {
      isOpen.value = true;
    },
    close,
    toggle: () => {
      isOpen.value = !isOpen.value;
    },
  };
}
