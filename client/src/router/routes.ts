import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import type { Role } from '@ondeck/shared';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in (the login page). */
    public?: boolean;
    /** Roles allowed on this route and its children; absent means every signed-in user. */
    roles?: readonly Role[];
    /** Page title and navigation label. */
    title?: string;
  }
}

export const HOME_ROUTE = 'extensions';

/*
 * views/PhoneView.vue belongs to the softphone work and may not exist yet in a checkout;
 * a glob resolves to nothing instead of breaking the build, and the route shows a placeholder.
 */
const phoneViews = import.meta.glob<{ default: Component }>('../views/PhoneView.vue');
const loadPhoneView = phoneViews['../views/PhoneView.vue'] ?? (() => import('../views/PhonePendingView.vue'));

/** Every view is its own lazily loaded chunk, so later engineers can replace one file each. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/LoginView.vue'),
    meta: { public: true, title: 'Sign in' },
  },
  {
    // A read-only wallboard link for a TV: the token in the address is the only credential.
    path: '/wall/:token',
    name: 'wall',
    component: () => import('../views/WallLinkView.vue'),
    meta: { public: true, title: 'Wallboard' },
  },
  {
    path: '/',
    component: () => import('../layouts/ShellLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: { name: HOME_ROUTE } },
      {
        path: 'extensions',
        name: 'extensions',
        component: () => import('../views/ExtensionsView.vue'),
        meta: { title: 'Extensions' },
      },
      { path: 'calls', name: 'calls', component: () => import('../views/CallsView.vue'), meta: { title: 'Calls' } },
      { path: 'queues', name: 'queues', component: () => import('../views/QueuesView.vue'), meta: { title: 'Queues' } },
      // Every role reads the call log; the server limits an agent to their own calls.
      { path: 'history', name: 'history', component: () => import('../views/HistoryView.vue'), meta: { title: 'Call log' } },
      {
        path: 'reports',
        name: 'reports',
        // Chart.js travels with this chunk only: the panel's first load never carries it.
        component: () => import('../views/ReportsView.vue'),
        meta: { roles: ['supervisor', 'admin'], title: 'Reports' },
      },
      {
        path: 'wallboard',
        name: 'wallboard',
        component: () => import('../views/WallboardView.vue'),
        meta: { title: 'Wallboard' },
      },
      { path: 'on-call', name: 'on-call', component: () => import('../views/OnCallView.vue'), meta: { title: 'On-call' } },
      ...(
        [
          ['members', 'Members', () => import('../views/oncall/OnCallMembersView.vue')],
          ['divisions', 'Divisions', () => import('../views/oncall/OnCallDivisionsView.vue')],
          ['calendar', 'Calendar', () => import('../views/oncall/OnCallCalendarView.vue')],
          ['audit', 'Audit log', () => import('../views/oncall/OnCallAuditView.vue')],
          ['notifications', 'Notifications', () => import('../views/oncall/OnCallNotificationsView.vue')],
        ] as const
      ).map(([path, title, component]) => ({
        path: `on-call/${path}`,
        name: `on-call-${path}`,
        component,
        meta: { roles: ['admin'] as const, title: `On-call ${title.toLowerCase()}` },
      })),
      { path: 'phone', name: 'phone', component: loadPhoneView, meta: { title: 'Phone' } },
      {
        path: 'settings',
        component: () => import('../views/settings/SettingsView.vue'),
        meta: { roles: ['admin'], title: 'Settings' },
        children: [
          { path: '', name: 'settings', redirect: { name: 'settings-users' } },
          {
            path: 'users',
            name: 'settings-users',
            component: () => import('../views/settings/SettingsUsersView.vue'),
            meta: { title: 'Users' },
          },
          {
            path: 'general',
            name: 'settings-general',
            component: () => import('../views/settings/SettingsGeneralView.vue'),
            meta: { title: 'General' },
          },
          {
            path: 'queues',
            name: 'settings-queues',
            component: () => import('../views/settings/SettingsQueuesView.vue'),
            meta: { title: 'Queue thresholds' },
          },
          {
            path: 'wallboards',
            name: 'settings-wallboards',
            component: () => import('../views/settings/SettingsWallboardsView.vue'),
            meta: { title: 'Wallboard links' },
          },
        ],
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('../views/NotFoundView.vue'),
        meta: { title: 'Not found' },
      },
    ],
  },
];
