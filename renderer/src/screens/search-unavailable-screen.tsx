import { useBridge } from '../app/bridge-context.tsx';
import { search } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';
import { useFooter } from './search-footer.tsx';

export function SearchUnavailableScreen() {
  const { t } = useT();
  const bridge = useBridge();
  const footer = useFooter();
  return (
    <ScreenFrame
      title={t('unavailable.title')}
      step={4}
      footer={footer}
      testId="screen-search-unavailable"
    >
      <Notice kind="warn">{t('unavailable.text')}</Notice>
      <div className="actions">
        <Button kind="primary" wide onClick={() => void search(bridge)}>
          {t('nav.retry')}
        </Button>
        <Button wide onClick={() => useKiosk.getState().go({ kind: 'region' })}>
          {t('facility.title')}
        </Button>
      </div>
    </ScreenFrame>
  );
}
