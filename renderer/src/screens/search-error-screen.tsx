import type { CommandErrorKind } from '../../../common/contract/errors.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { search } from '../payment/actions.ts';
import { searchRefusalText } from '../payment/refusals.ts';
import { useT } from '../app/use-t.ts';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { useFooter } from './search-footer.tsx';

export function SearchErrorScreen(props: { errorKind: CommandErrorKind<'payee:search'> }) {
  const { t } = useT();
  const bridge = useBridge();
  const footer = useFooter();
  const key = searchRefusalText(props.errorKind);
  return (
    <ScreenFrame title={t('error.generic')} step={4} footer={footer} testId="screen-search-error">
      <Notice kind="error">{t(key)}</Notice>
      <div className="actions">
        <Button kind="primary" wide onClick={() => void search(bridge)}>
          {t('nav.retry')}
        </Button>
      </div>
    </ScreenFrame>
  );
}
