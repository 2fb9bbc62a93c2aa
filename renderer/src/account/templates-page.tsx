import { useEffect, useState } from 'react';
import type { AccountTemplate } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { confirmRecipient } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import * as actions from './actions.ts';
import { useAccount } from './account-store.ts';
import { ErrorLine, InfoLine, useErrorText } from './account-ui.tsx';
import { BackFooter } from './back-footer.tsx';

/** Saved recipients: tap one, then cash or wallet — two taps to pay again. */
export function TemplatesPage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const errorText = useErrorText();
  const close = useAccount((state) => state.close);
  const [templates, setTemplates] = useState<AccountTemplate[] | null>(null);
  const [chosen, setChosen] = useState<AccountTemplate | null>(null);
  const [message, setMessage] = useState<{ error: string | null; info: string | null }>({
    error: null,
    info: null,
  });
  useEffect(() => {
    void actions.templates(bridge).then((result) => {
      setTemplates(result.ok ? result.value : []);
    });
  }, [bridge]);

  const payCash = (template: AccountTemplate) => {
    close();
    confirmRecipient(actions.recipientOf(template));
  };
  const payWallet = async (template: AccountTemplate) => {
    if (template.amountKopecks === null) return;
    const result = await actions.payFromWallet(bridge, {
      inmateRef: template.inmateRef,
      totalKopecks: template.amountKopecks,
    });
    setMessage({
      error: errorText(result),
      info: result.ok ? t('acc.paid', { id: result.value.transferId }) : null,
    });
    await actions.refreshAccount(bridge);
  };
  return (
    <ScreenFrame title={t('acc.templates')} footer={<BackFooter />} testId="acc-templates">
      {templates !== null && templates.length === 0 && (
        <p className="list-empty">{t('acc.noTemplates')}</p>
      )}
      <ul className="acc-list">
        {(templates ?? []).map((template) => (
          <li key={template.templateId} className="acc-row">
            <button
              type="button"
              className="acc-row-button"
              data-testid="acc-template"
              aria-pressed={chosen?.templateId === template.templateId}
              onClick={() => setChosen(template)}
            >
              <span className="acc-row-title">{template.label}</span>
              <span>
                {template.recipientMasked}, {template.birthYear}, {template.facilityName}
                {template.amountKopecks !== null && ` — ${money(template.amountKopecks)}`}
              </span>
            </button>
            {chosen?.templateId === template.templateId && (
              <div className="acc-row-actions">
                <Button kind="primary" onClick={() => payCash(template)} testId="acc-t-cash">
                  {t('acc.payByCash')}
                </Button>
                {template.amountKopecks !== null && (
                  <Button onClick={() => void payWallet(template)} testId="acc-t-wallet">
                    {t('acc.payByWallet', { amount: money(template.amountKopecks) })}
                  </Button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorLine text={message.error} />
      <InfoLine text={message.info} />
    </ScreenFrame>
  );
}
