import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// import.meta.dirname, not node:url: renderer/ lint bans node:* (this file runs in Node though).
const root = `${import.meta.dirname}/`;

/**
 * Two pages: the payer's kiosk (index.html) and the emulator panel (panel.html). Relative base so
 * the same build works from the headless host and from file:// in the Electron shell.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    // Fonts and pictures as files: the CSP allows font-src 'self', and a kiosk works offline.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { index: `${root}index.html`, panel: `${root}panel.html` },
    },
  },
  server: { fs: { allow: [`${root}..`] } },
});
