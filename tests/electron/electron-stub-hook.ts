/** `node --import` this to load tests/electron/electron-stub.ts wherever `electron` is imported. */
import { registerHooks } from 'node:module';

const stub = new URL('./electron-stub.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: stub, shortCircuit: true };
    return next(specifier, context);
  },
});
