import { useState } from 'react';
import { KeyboardReact as Keyboard } from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import type { KeyboardKey } from '../app/text-entry.ts';
import { useT } from '../app/use-t.ts';

/**
 * ЙЦУКЕН in capitals (how names stand in documents) with Ё and a hyphen for «Хож-Ахмед», and a
 * Latin layout for names written so in a foreign passport. No digits, Tab or «.com» keys: a
 * name needs none of them. Keys are handled here, not by simple-keyboard's own input buffer, so
 * the field shown is the only copy of the text.
 */
const layouts = {
  cyrillic: [
    'Ё Й Ц У К Е Н Г Ш Щ З Х Ъ',
    'Ф Ы В А П Р О Л Д Ж Э {bksp}',
    'Я Ч С М И Т Ь Б Ю -',
    '{lang} {space} {next}',
  ],
  latin: [
    'Q W E R T Y U I O P',
    'A S D F G H J K L {bksp}',
    'Z X C V B N M -',
    '{lang} {space} {next}',
  ],
};

export function NameKeyboard(props: { onKey: (key: KeyboardKey) => void; showNext?: boolean }) {
  const { t } = useT();
  const [layout, setLayout] = useState<'cyrillic' | 'latin'>('cyrillic');
  const rows = layouts[layout].map((row) =>
    props.showNext === false ? row.replace(' {next}', '') : row,
  );
  return (
    <div className="name-keyboard" data-testid="keyboard" data-layout={layout}>
      <Keyboard
        layout={{ default: rows }}
        layoutName="default"
        display={{
          '{bksp}': `⌫ ${t('kb.erase')}`,
          '{space}': t('kb.space'),
          '{lang}': layout === 'cyrillic' ? t('kb.latin') : t('kb.cyrillic'),
          '{next}': `${t('kb.next')} →`,
        }}
        buttonTheme={[
          { class: 'key-wide', buttons: '{bksp} {lang} {next}' },
          { class: 'key-space', buttons: '{space}' },
        ]}
        useMouseEvents
        preventMouseDownDefault
        onKeyPress={(button: string) => {
          if (button === '{bksp}') props.onKey({ kind: 'erase' });
          else if (button === '{next}') props.onKey({ kind: 'next' });
          else if (button === '{space}') props.onKey({ kind: 'char', char: ' ' });
          else if (button === '{lang}') setLayout(layout === 'cyrillic' ? 'latin' : 'cyrillic');
          else props.onKey({ kind: 'char', char: button });
        }}
      />
    </div>
  );
}
