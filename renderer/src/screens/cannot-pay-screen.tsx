import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { type CannotPayReason, useKiosk } from '../store/kiosk-store.ts';
import { useFooter } from './search-footer.tsx';

/**
 * The people found cannot be told apart (or the payer does not know the day of birth): no
 * payment is possible here, and the screen says whom to ask — the facility's office, with
 * its phone from the catalogue when central has one.
 */
export function CannotPayScreen(props: { reason: CannotPayReason }) {
  const { t } = useT();
  const footer = useFooter();
  const facility = useKiosk((state) => state.facility);
  const facilityName = facility?.name ?? facility?.shortName ?? '';
  return (
    <ScreenFrame title={t('cannotPay.title')} step={4} footer={footer} testId="screen-cannot-pay">
      <p className="lead">
        {t(props.reason === 'offline' ? 'cannotPay.offline' : 'cannotPay.alike')}
      </p>
      <p data-testid="cannot-pay-ask">{t('cannotPay.ask', { facility: facilityName })}</p>
      {facility?.phone !== undefined && (
        <p className="lead" data-testid="cannot-pay-phone">
          {t('cannotPay.phone', { phone: facility.phone })}
        </p>
      )}
      <div className="actions">
        <Button
          kind="primary"
          wide
          onClick={() => useKiosk.getState().go({ kind: 'name' })}
          testId="fix"
        >
          {t('none.fix')}
        </Button>
      </div>
    </ScreenFrame>
  );
}
