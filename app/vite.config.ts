import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { iconPng } from './build/icon.ts';

const root = `${import.meta.dirname}/`;

/**
 * The service worker and the icons are made at build time: the worker must list the shell's
 * files by their hashed names (it precaches exactly those and nothing else), and the icons are
 * drawn rather than checked in as binaries.
 */
function shellPlugin(): Plugin {
  return {
    name: 'payer-app-shell',
    generateBundle(_options, bundle) {
      for (const size of [192, 512]) {
        this.emitFile({ type: 'asset', fileName: `icon-${size}.png`, source: iconPng(size) });
      }
      const files = [
        './',
        './manifest.webmanifest',
        './icon-192.png',
        './icon-512.png',
        ...Object.keys(bundle)
          .filter((name) => /\.(js|css|woff2?)$/.test(name) && name !== 'sw.js')
          .map((name) => `./${name}`),
      ].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const template = readFileSync(`${root}sw-template.js`, 'utf8');
      const source = template
        .replace('/* __SHELL_FILES__ */ []', JSON.stringify(files))
        .replace('__SHELL_VERSION__', version);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/**
 * Each text file's brotli and gzip forms beside it, at the highest settings: central sends them
 * to a browser that takes them (central/payer/app-static.ts) without compressing per request.
 * Not in the service worker's list (it names .js, .css and fonts only).
 */
function precompressPlugin(): Plugin {
  return {
    name: 'payer-app-precompress',
    writeBundle(options) {
      const dir = options.dir ?? `${root}dist`;
      for (const name of readdirSync(dir)) {
        if (!/\.(html|js|css|webmanifest|json|svg)$/.test(name)) continue;
        const bytes = readFileSync(`${dir}/${name}`);
        const quality = { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 };
        writeFileSync(`${dir}/${name}.br`, brotliCompressSync(bytes, { params: quality }));
        writeFileSync(`${dir}/${name}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/** The payer's own app, served by central at /app/ (central/payer/app-static.ts). */
export default defineConfig({
  root,
  base: '/app/',
  plugins: [react(), shellPlugin(), precompressPlugin()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // Flat: central serves /app/{file} and nothing deeper (central/payer/app-static.ts).
    assetsDir: '',
  },
  server: { fs: { allow: [`${root}..`] } },
});
