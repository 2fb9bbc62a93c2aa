import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// import.meta.dirname, not node:url: console/ lint bans node:* (this file runs in Node though).
const root = `${import.meta.dirname}/`;

/**
 * The operator console: one page served by central at /console/ (central/console/static.ts),
 * which routes inside itself (#/fleet, #/terminal/…). Fonts and design tokens are the kiosk's.
 */
export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    // Files, not inline data: the console's CSP allows font-src 'self' only.
    assetsInlineLimit: 0,
  },
  server: { fs: { allow: [`${root}..`] } },
});
