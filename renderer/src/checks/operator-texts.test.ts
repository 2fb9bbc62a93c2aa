import { describe, expect, it } from 'vitest';
import { operatorRu } from '../i18n/catalogues/operator-ru.ts';
import { sources } from './sources.ts';

/**
 * Service mode and the emulator panel take every word from the operator catalogue
 * (i18n/operator.ts): a Russian text written into a component would not follow the operator
 * language, would skip plural rules, and is found here. Comments may be in any language.
 */
const cyrillic = /[\u0400-\u04ff]/;
const comments = /\/\*[\s\S]*?\*\/|(^|\s)\/\/.*$/gm;

const isOperatorScreen = (path: string) => /^(service|panel)\//.test(path);

/** `path:line: text` for each line of code (comments left out) with a Cyrillic letter. */
function cyrillicLines(path: string, text: string): string[] {
  const code = text.replace(comments, (comment) => comment.replace(/[^\n]/g, ' '));
  return code
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => cyrillic.test(line))
    .map(({ line, number }) => `${path}:${number}: ${line.trim()}`);
}

describe('operator texts', () => {
  it('reads the service and panel components', () => {
    const paths = [...sources.keys()].filter(isOperatorScreen);
    expect(paths).toContain('service/service-app.tsx');
    expect(paths).toContain('service/service-session.ts');
    expect(paths).toContain('panel/printer-card.tsx');
    expect(paths.length).toBeGreaterThan(25);
  });

  it('finds Cyrillic in strings and JSX text, not in comments', () => {
    const sample = [
      '// Инкассация: a comment',
      '/** Сервисный',
      ' * режим */',
      "const a = 'Выйти';",
      '  <p>Нет.</p>',
      "  {/* Кассета */}<b>{t('svc.exit')}</b>",
    ].join('\n');
    expect(cyrillicLines('x.tsx', sample)).toEqual([
      "x.tsx:4: const a = 'Выйти';",
      'x.tsx:5: <p>Нет.</p>',
    ]);
  });

  it('no service or panel code writes Russian text itself', () => {
    const found = [...sources]
      .filter(([path]) => isOperatorScreen(path))
      .flatMap(([path, text]) => cyrillicLines(path, text));
    expect(found).toEqual([]);
  });

  it('every operator catalogue key is used by some code', () => {
    const code = [...sources]
      .filter(([path]) => !path.startsWith('i18n/catalogues/'))
      .map(([, text]) => text)
      .join('\n');
    const unused = Object.keys(operatorRu).filter((key) => !code.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });
});
