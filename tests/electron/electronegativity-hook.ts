/**
 * Loaded with `node --import` before Electronegativity. Two fixes, both for the tool's
 * environment, not its findings:
 * - its parser (@typescript-eslint/typescript-estree, hoisted) needs the TypeScript 4.x JS API,
 *   but the project's `typescript` is 7 (native, no JS API): route `typescript` to the copy
 *   Electronegativity ships in its own node_modules;
 * - with no network, a `got` retry throws from a timer after the report is written; ignore
 *   exactly that so the process ends with the analysis' own status.
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

process.on('uncaughtException', (error) => {
  const stack = String(error?.stack);
  if (stack.includes('p-cancelable') || stack.includes('/got/')) return;
  console.error(error);
  process.exit(70);
});
