import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = new URL('.', import.meta.url).pathname;
/** Where `vite` (dev) and `vite preview` send /api; set API_TARGET to use a server on another port. */
const apiTarget = process.env.API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  resolve: {
    alias: [
      { find: '@contracts', replacement: new URL('../contracts', import.meta.url).pathname },
      // Every `import … from 'zod'` (the contracts' too) gets zod already set to jitless.
      { find: /^zod$/, replacement: new URL('./src/app/zod-jitless.ts', import.meta.url).pathname },
    ],
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': apiTarget },
  },
  preview: {
    host: '127.0.0.1',
    proxy: { '/api': apiTarget },
  },
  build: {
    outDir: `${webRoot}dist`,
    emptyOutDir: true,
    // ECharts is one ~590 kB chunk that only the chart pages load; every other chunk stays under 500 kB.
    chunkSizeWarningLimit: 650,
    rolldownOptions: {
      output: {
        // React stays cached across releases; ECharts is loaded only by the pages that draw charts;
        // antd is left to split by page, so a page loads only its widgets.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/ },
          ],
        },
      },
    },
  },
});
