/**
 * Mounts PhoneView with its Pinia store (and the real Phone behind it) outside the app
 * shell, for screenshots and UI checks; `window.phoneView.connect(config)` starts the phone.
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import PhoneView from '../src/views/PhoneView.vue';
import { usePhoneStore } from '../src/stores/phone';
import type { PhoneConfig } from '../src/phone';
import '../src/styles/base.css';

export interface PhoneViewHarness {
  connect(config: PhoneConfig): void;
  status(): string;
  errors: string[];
}

const errors: string[] = [];
window.addEventListener('error', (event) => errors.push(`error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${String(event.reason)}`));

const app = createApp(PhoneView);
app.use(createPinia());
app.mount('#app');
const store = usePhoneStore();

const harness: PhoneViewHarness = {
  connect: (config) => store.connect(config),
  status: () => store.status,
  errors,
};
(window as unknown as { phoneView: PhoneViewHarness }).phoneView = harness;
