import { useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { goHomeSafely } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { applyKey, type KeyboardKey } from '../app/text-entry.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { Keyboard } from '../keyboard/keyboard.tsx';
import { type NameForm, useKiosk } from '../store/kiosk-store.ts';

const fields: { key: keyof NameForm; label: MessageKey }[] = [
  { key: 'surname', label: 'name.surname' },
  { key: 'name', label: 'name.name' },
  { key: 'patronymic', label: 'name.patronymic' },
];

/** Step 2: ФИО on the on-screen keyboard; the patronymic is optional (many have none). */
export function NameScreen() {
  const bridge = useBridge();
  const { t } = useT();
  const form = useKiosk((state) => state.form);
  const facility = useKiosk((state) => state.facility);
  const [active, setActive] = useState<keyof NameForm>(firstEmpty(form));
  const complete = form.surname.trim() !== '' && form.name.trim() !== '';

  const onKey = (key: KeyboardKey) => {
    if (key.kind === 'next') {
      const index = fields.findIndex((field) => field.key === active);
      const next = fields[index + 1];
      if (next) setActive(next.key);
      else if (complete) useKiosk.getState().go({ kind: 'year' });
      return;
    }
    const current = useKiosk.getState().form;
    useKiosk.getState().setForm({ ...current, [active]: applyKey(current[active], key) });
  };

  const footer = (
    <>
      <Button onClick={() => useKiosk.getState().go({ kind: 'region' })} testId="nav-back">
        ← {t('nav.back')}
      </Button>
      <Button kind="quiet" onClick={() => void goHomeSafely(bridge)} testId="nav-home">
        {t('nav.startOver')}
      </Button>
      <Button
        kind="primary"
        disabled={!complete}
        onClick={() => useKiosk.getState().go({ kind: 'year' })}
        testId="nav-next"
      >
        {t('nav.next')} →
      </Button>
    </>
  );
  return (
    <ScreenFrame
      title={t('name.title')}
      subtitle={`${facility?.shortName ?? ''} · ${t('name.hint')}`}
      step={2}
      footer={footer}
      testId="screen-name"
    >
      <div className="name-fields">
        {fields.map((field) => (
          <label key={field.key} className="name-field">
            <span className="name-label">{t(field.label)}</span>
            <input
              className={`name-input${active === field.key ? ' name-input-active' : ''}`}
              value={form[field.key]}
              readOnly
              inputMode="none"
              autoComplete="off"
              data-testid={`field-${field.key}`}
              onFocus={() => setActive(field.key)}
              onClick={() => setActive(field.key)}
            />
          </label>
        ))}
      </div>
      <Keyboard mode="name" showNext onKey={onKey} />
    </ScreenFrame>
  );
}

function firstEmpty(form: NameForm): keyof NameForm {
  if (form.surname === '') return 'surname';
  if (form.name === '') return 'name';
  return 'patronymic';
}
