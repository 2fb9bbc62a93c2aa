import { defineConfig } from 'vitest/config';

const long = process.env.KIOSK_LONG === '1';

export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**', 'renderer/dist/**'],
    testTimeout: long ? 3_600_000 : 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // A stylesheet read as text (`?raw`) keeps its text: renderer/src/checks/ reads the CSS.
    css: { include: [/\.css\?(?:.*&)?raw\b/] },
  },
});
