import { useT } from '../app/use-t.ts';
import { ScreenFrame } from '../components/screen-frame.tsx';

export function SearchingScreen() {
  const { t } = useT();
  return (
    <ScreenFrame title={t('search.searching')} step={4} testId="screen-searching">
      <div className="spinner" role="progressbar" aria-label={t('search.searching')} />
    </ScreenFrame>
  );
}
