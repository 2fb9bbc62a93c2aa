import { describe, expect, it } from 'vitest';
import { sources } from './sources.ts';

/** A colour written out: #abc, #aabbcc(dd), rgb()/rgba()/hsl() with numbers. */
const colour = /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(\s*\d/gi;

describe('design tokens', () => {
  it('reads the stylesheets and components, with their text', () => {
    expect(sources.get('styles/tokens.css')).toContain('--brand:');
    expect(sources.get('account/account.css')).toContain('.acc-field');
    expect(sources.size).toBeGreaterThan(50);
  });

  it('writes colours only in styles/tokens.css; everything else names a token', () => {
    const found: string[] = [];
    for (const [path, text] of sources) {
      if (path === 'styles/tokens.css') continue;
      for (const match of text.matchAll(colour)) found.push(`${path}: ${match[0]}`);
    }
    expect(found).toEqual([]);
  });
});
