import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';
import { useFooter } from './search-footer.tsx';

export function NoMatchScreen() {
  const { t } = useT();
  const footer = useFooter();
  const form = useKiosk((state) => state.form);
  const birthYear = useKiosk((state) => state.birthYear);
  const facility = useKiosk((state) => state.facility);
  return (
    <ScreenFrame title={t('none.title')} step={4} footer={footer} testId="screen-no-match">
      <div className="entered">
        <p>{[form.surname, form.name, form.patronymic].filter(Boolean).join(' ')}</p>
        <p>
          {birthYear} · {facility?.shortName}
        </p>
      </div>
      <p className="lead">{t('none.hint')}</p>
      <ul className="checklist">
        <li>{t('none.check1')}</li>
        <li>{t('none.check2')}</li>
        <li>{t('none.check3')}</li>
      </ul>
      <div className="actions">
        <Button
          kind="primary"
          wide
          onClick={() => useKiosk.getState().go({ kind: 'name' })}
          testId="fix"
        >
          {t('none.fix')}
        </Button>
        <Button wide onClick={() => useKiosk.getState().go({ kind: 'region' })}>
          {t('facility.title')}
        </Button>
      </div>
    </ScreenFrame>
  );
}
