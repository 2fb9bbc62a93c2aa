import { type ReactNode, useState } from 'react';
import type { KeyboardKey } from '../app/text-entry.ts';
import { useT } from '../app/use-t.ts';
import { firstLayout, type KeyboardMode, keyboardRows, shifted } from './layout.ts';
import './keyboard.css';

/**
 * The one on-screen keyboard of every text-entry screen. Keys go to `onKey`; the field shown
 * is the only copy of the text. A key press does not take the focus from the field.
 */
export function Keyboard(props: {
  mode: KeyboardMode;
  onKey: (key: KeyboardKey) => void;
  /** «Next field» on the name screen, which walks surname → name → patronymic. */
  showNext?: boolean;
}) {
  const { t, language } = useT();
  const { mode, onKey } = props;
  const [layout, setLayout] = useState(() => firstLayout(mode, language));
  const [upper, setUpper] = useState(false);
  const char = (value: string) => onKey({ kind: 'char', char: value });
  return (
    <div className="keyboard" data-testid="keyboard" data-mode={mode} data-layout={layout}>
      {keyboardRows(mode, layout, language).map((row) => (
        <div key={row.join('')} className="keyboard-row">
          {row.map((raw) => {
            const value = shifted(raw, upper);
            return (
              <Key key={raw} value={value} kind="char" onPress={() => char(value)}>
                {value}
              </Key>
            );
          })}
        </div>
      ))}
      <div className="keyboard-row">
        {mode === 'text' && (
          <Key
            value="{shift}"
            pressed={upper}
            label={t('kb.shift')}
            onPress={() => setUpper(!upper)}
          >
            ⇧
          </Key>
        )}
        <Key value="{lang}" onPress={() => setLayout(layout === 'cyrillic' ? 'latin' : 'cyrillic')}>
          {layout === 'cyrillic' ? t('kb.latin') : t('kb.cyrillic')}
        </Key>
        <Key value="{space}" kind="space" onPress={() => char(' ')}>
          {t('kb.space')}
        </Key>
        <Key value="{bksp}" onPress={() => onKey({ kind: 'erase' })}>
          ⌫ {t('kb.erase')}
        </Key>
        {props.showNext && (
          <Key value="{next}" onPress={() => onKey({ kind: 'next' })}>
            {t('kb.next')} →
          </Key>
        )}
      </div>
    </div>
  );
}

function Key(props: {
  value: string;
  kind?: 'char' | 'space' | 'control';
  pressed?: boolean;
  label?: string;
  onPress: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`key key-${props.kind ?? 'control'}`}
      data-key={props.value}
      aria-pressed={props.pressed}
      aria-label={props.label}
      // Keep the focus (and the caret) in the field being typed into.
      onMouseDown={(event) => event.preventDefault()}
      onClick={props.onPress}
    >
      {props.children}
    </button>
  );
}
