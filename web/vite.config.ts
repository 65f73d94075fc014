import { defineConfig } from 'vite';

/**
 * The dashboard bundle, served under `/app/` (infra/local/web/ on one machine, CloudFront in AWS). JSX is Preact's;
 * no module-preload polyfill and no inline script, so the strict Content-Security-Policy (web/security-headers.ts)
 * holds without exceptions.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
    reportCompressedSize: false,
  },
});
