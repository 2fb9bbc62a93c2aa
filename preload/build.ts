/**
 * Bundles the preload into one CommonJS file, dist/preload/preload.cjs. A sandboxed preload
 * gets only a tiny `require` (electron's renderer modules, no disk), so `common/contract.ts`
 * and zod must be inlined. Run: `node preload/build.ts` (after `tsc -p tsconfig.electron.json`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const preloadBundleName = 'preload.cjs';

export async function buildPreload(root: string, outDir: string): Promise<string> {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      copyPublicDir: false,
      target: 'chrome140',
      lib: {
        entry: path.join(root, 'preload', 'preload.ts'),
        formats: ['cjs'],
        fileName: () => preloadBundleName,
      },
      rolldownOptions: { external: ['electron'] },
    },
  });
  return path.join(outDir, preloadBundleName);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const file = await buildPreload(root, path.join(root, 'dist', 'preload'));
  console.log(`preload bundle: ${path.relative(root, file)}`);
}
