/**
 * Loaded with `node --import` before Electronegativity. Two fixes, both for the tool's
 * environment, not its findings:
 * - its parser (@typescript-eslint/typescript-estree, hoisted) needs the TypeScript 4.x JS API,
 *   but the project's `typescript` is 7 (native, no JS API): route `typescript` to the copy
 *   Electronegativity ships in its own node_modules;
 * - with no network, a `got` retry throws from a timer (or rejects) while the analysis runs;
 *   ignore exactly that so the process ends with the analysis' own status.
 */
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const typescript4 = pathToFileURL(
  `${process.cwd()}/node_modules/@doyensec/electronegativity/node_modules/typescript/lib/typescript.js`,
).href;

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'typescript')
      return { url: typescript4, format: 'commonjs', shortCircuit: true };
    return next(specifier, context);
  },
});

const fromTheLookups = (error: unknown) => {
  const stack = String((error as Error | undefined)?.stack ?? error);
  return stack.includes('p-cancelable') || stack.includes('/got/');
};
// The failed lookup may surface as a thrown timer error or, on a busy machine where it loses the
// race with the analysis, as a rejected promise before the report is written: ignore both.
process.on('uncaughtException', (error) => {
  if (fromTheLookups(error)) return;
  console.error(error);
  process.exit(70);
});
process.on('unhandledRejection', (reason) => {
  if (fromTheLookups(reason)) return;
  console.error(reason);
  process.exit(71);
});
