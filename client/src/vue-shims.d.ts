/**
 * What a `.vue` import is for tools that cannot read single-file components: typescript-eslint's
 * type-aware rules run plain TypeScript, which would give every imported component an
 * unresolvable type (so `createApp(App)` or `mount(Component)` read as `any`). vue-tsc and the
 * editor resolve `.vue` files themselves and never fall back to this, so components keep their
 * exact props, emits and exposed members there. The cost: an import of a `.vue` file that does
 * not exist is caught by the build and the tests, not by the type check.
 */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
