import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { useSessionStore } from './stores/session';
import { useThemeStore } from './stores/theme';
import './styles/base.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
// Applied before the first paint of any view so there is no flash of the wrong theme.
useThemeStore(pinia);
app.use(createAppRouter(useSessionStore(pinia)));
app.mount('#app');
