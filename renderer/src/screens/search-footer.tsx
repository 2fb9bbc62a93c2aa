import { useBridge } from '../app/bridge-context.tsx';
import { goHomeSafely } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';

export function useFooter(options: { next?: { label: string; onClick: () => void } } = {}) {
  const bridge = useBridge();
  const { t } = useT();
  return (
    <>
      <Button onClick={() => useKiosk.getState().go({ kind: 'year' })} testId="nav-back">
        ← {t('nav.back')}
      </Button>
      <Button kind="quiet" onClick={() => void goHomeSafely(bridge)} testId="nav-home">
        {t('nav.startOver')}
      </Button>
      {options.next && (
        <Button kind="primary" onClick={options.next.onClick} testId="nav-next">
          {options.next.label}
        </Button>
      )}
    </>
  );
}
