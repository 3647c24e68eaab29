import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const serverOrigin = `http://127.0.0.1:${process.env.ONDECK_PORT ?? '8080'}`;

/**
 * Chunk groups. The shell and login stay small; the admin pages and the softphone (SIP.js is
 * the largest dependency by far) load only when their routes are visited. Higher priority
 * groups claim modules first; dependencies are not pulled along, so the admin group cannot
 * swallow Vue or the stores that the shell needs too.
 */
const chunkGroups = [
  { name: 'vendor-vue', test: /\/node_modules\/(@vue|vue|vue-router|pinia)\//, priority: 40 },
  // socket.io's parser pulls in `debug` and `ms`; they must travel with it or the chunks import each other.
  { name: 'vendor-socket', test: /\/node_modules\/(socket\.io-client|engine\.io-client|socket\.io-parser|engine\.io-parser|@socket\.io|debug|ms)\//, priority: 40 },
  { name: 'vendor-zod', test: /\/node_modules\/zod\//, priority: 40 },
  { name: 'softphone-sip', test: /\/node_modules\/sip\.js\//, priority: 40 },
  // Chart.js (with its colour helper) is for the Reports view only; the shared vendor chunk must not take it.
  { name: 'charts', test: /\/node_modules\/(chart\.js|vue-chartjs|@kurkle\/color)\//, priority: 40 },
  // The session module is what the shell imports on demand; its loader stays in the shell.
  { name: 'softphone', test: /\/src\/(phone|components\/phone)\/|\/src\/views\/PhoneView\.vue|\/src\/stores\/phone\.ts|\/src\/composables\/useSoftphoneSession\.ts$/, priority: 30 },
  // Any other package goes to a shared vendor chunk rather than into whichever app chunk used it first.
  { name: 'vendor', test: /\/node_modules\//, priority: 10 },
  { name: 'admin', test: /\/src\/(views\/settings|components\/(users|settings))\//, priority: 20 },
];

export default defineConfig({
  plugins: [vue()],
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: serverOrigin, changeOrigin: false },
      '/socket.io': { target: serverOrigin, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: { includeDependenciesRecursively: false, groups: chunkGroups },
      },
    },
  },
});
