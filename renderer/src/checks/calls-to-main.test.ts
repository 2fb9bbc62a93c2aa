import { describe, expect, it } from 'vitest';
import { sources } from './sources.ts';

/**
 * Calls to main live in the per-feature action modules (payment/, account/, service/
 * actions.ts); screens call those. The bridge itself is the only code that invokes.
 */
const invokes = /\.invoke\s*[(<]/;
const importsCall = /from '[./]*\/?bridge\/call\.ts'|from '\.\/call\.ts'/;
const isActionModule = (path: string) => /(^|\/)actions\.ts$/.test(path);

describe('calls to main', () => {
  it('finds the action modules and the screens', () => {
    for (const path of ['payment/actions.ts', 'account/actions.ts', 'service/actions.ts']) {
      expect(sources.get(path), path).toMatch(importsCall);
    }
    expect([...sources.keys()].filter((path) => path.endsWith('.tsx')).length).toBeGreaterThan(30);
  });

  it('only the bridge invokes main', () => {
    const found = [...sources]
      .filter(([path, text]) => !path.startsWith('bridge/') && invokes.test(text))
      .map(([path]) => path);
    expect(found).toEqual([]);
  });

  it('only action modules call through the bridge, so no component does', () => {
    const found = [...sources]
      .filter(([path, text]) => !path.startsWith('bridge/') && importsCall.test(text))
      .map(([path]) => path)
      .filter((path) => !isActionModule(path));
    expect(found).toEqual([]);
  });
});
