import { useT } from '../app/use-t.ts';
import { Button } from '../components/screen-frame.tsx';
import { type AccountPage, useAccount } from './account-store.ts';

export function BackFooter(props: { to?: AccountPage; children?: React.ReactNode }) {
  const { t } = useT();
  const show = useAccount((state) => state.show);
  return (
    <>
      <Button onClick={() => show(props.to ?? 'home')} testId="acc-back">
        {t('acc.back')}
      </Button>
      {props.children}
    </>
  );
}
