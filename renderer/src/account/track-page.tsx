import { useState } from 'react';
import type { TrackedTransfer } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import * as actions from './actions.ts';
import { useAccount } from './account-store.ts';
import { ErrorLine, Fields, useErrorText, useForm } from './account-ui.tsx';

/** Status of a transfer by its number: for anyone, logged in or not. */
export function TrackPage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const errorText = useErrorText();
  const { show, account } = useAccount();
  const form = useForm(['transferId'], 36);
  const [found, setFound] = useState<TrackedTransfer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const find = async () => {
    const result = await actions.track(bridge, {
      transferId: (form.values.transferId ?? '').trim(),
    });
    setFound(result.ok ? result.value : null);
    setError(errorText(result));
  };
  const footer = (
    <>
      <Button onClick={() => show(account === null ? 'entry' : 'home')} testId="acc-back">
        {t('acc.back')}
      </Button>
      <Button kind="primary" onClick={() => void find()} testId="acc-find">
        {t('acc.find')}
      </Button>
    </>
  );
  return (
    <ScreenFrame title={t('acc.track')} footer={footer} testId="acc-track">
      <TypingArea mode="text" onKey={form.onKey}>
        <Fields form={form} specs={[{ name: 'transferId', label: t('acc.trackNumber') }]} />
        <ErrorLine text={error} />
        {found && (
          <dl className="facts" data-testid="acc-tracked">
            <div>
              <dt>{t('acc.trackStatus', { status: t(`acc.status.${found.status}`) })}</dt>
              <dd data-testid="acc-tracked-status" data-status={found.status}>
                {money(found.amountKopecks)} — {found.recipientMasked} {found.facilityName}
              </dd>
            </div>
          </dl>
        )}
      </TypingArea>
    </ScreenFrame>
  );
}
