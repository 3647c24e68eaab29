import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { useThemeStore } from '../../stores/theme';
import ShellThemeSwitch from './ShellThemeSwitch.vue';

describe('ShellThemeSwitch', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('names the theme it switches to, not the one already on screen', async () => {
    const theme = useThemeStore();
    theme.setTheme('light');
    const button = mount(ShellThemeSwitch);
    expect(button.text()).toContain('Dark');
    expect(button.text()).not.toContain('Light');
    expect(button.attributes('aria-label')).toBe('Switch to dark theme');

    await button.trigger('click');
    expect(theme.theme).toBe('dark');
    expect(button.text()).toContain('Light');
    expect(button.attributes('aria-label')).toBe('Switch to light theme');
  });
});
