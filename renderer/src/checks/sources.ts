/// <reference types="vite/client" />

/**
 * The renderer's own source files as text, for tests that check rules of the code itself
 * (renderer/ may not import node:fs: Vite reads them in, at test time only).
 */
const files = import.meta.glob(['../**/*.{ts,tsx,css}', '!../**/*.test.{ts,tsx}', '!../dist/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Path relative to renderer/src («account/account.css») → text. */
export const sources: ReadonlyMap<string, string> = new Map(
  Object.entries(files).map(([path, text]) => [path.replace(/^\.\.\//, ''), text]),
);
