import { AccountLayer } from '../account/account-layer.tsx';
import { useT } from './use-t.ts';
import { DepositScreen } from '../screens/deposit-screen.tsx';
import { FacilityScreen } from '../screens/facility-screen.tsx';
import { HomeScreen } from '../screens/home-screen.tsx';
import { NameScreen } from '../screens/name-screen.tsx';
import { RegionScreen } from '../screens/region-screen.tsx';
import { NoMatchScreen } from '../screens/no-match-screen.tsx';
import { BirthDateScreen } from '../screens/birth-date-screen.tsx';
import { CannotPayScreen } from '../screens/cannot-pay-screen.tsx';
import { ResultsScreen } from '../screens/results-screen.tsx';
import { SearchErrorScreen } from '../screens/search-error-screen.tsx';
import { SearchUnavailableScreen } from '../screens/search-unavailable-screen.tsx';
import { SearchingScreen } from '../screens/searching-screen.tsx';
import { SuccessScreen } from '../screens/success-screen.tsx';
import { TermsScreen } from '../screens/terms-screen.tsx';
import { YearScreen } from '../screens/year-screen.tsx';
import { type Screen, useKiosk } from '../store/kiosk-store.ts';
import { assertNever } from '../../../common/assert.ts';
import { IdleGuard } from './idle-guard.tsx';
import { useBridge } from './bridge-context.tsx';
import { goHomeSafely } from '../payment/actions.ts';
import { ServiceApp } from '../service/service-app.tsx';
import { useServiceEntry } from '../service/service-entry.ts';

export function KioskApp() {
  const screen = useKiosk((state) => state.screen);
  const connection = useKiosk((state) => state.connection);
  const status = useKiosk((state) => state.status);
  // Service mode (corner gesture or service key, then a PIN) replaces the payer screens.
  const bridge = useBridge();
  const service = useServiceEntry(bridge, () => void goHomeSafely(bridge));
  if (service.inService) return <ServiceApp onExit={service.exitService} />;
  return (
    <>
      {status === null ? (
        <Connecting />
      ) : (
        <AccountLayer>
          <CurrentScreen screen={screen} />
        </AccountLayer>
      )}
      {status !== null && connection === 'connecting' && <ConnectionBanner />}
      <IdleGuard />
    </>
  );
}

function CurrentScreen(props: { screen: Screen }) {
  const { screen } = props;
  switch (screen.kind) {
    case 'home':
      return <HomeScreen />;
    case 'region':
      return <RegionScreen />;
    case 'facility':
      return <FacilityScreen region={screen.region} />;
    case 'name':
      return <NameScreen />;
    case 'year':
      return <YearScreen />;
    case 'searching':
      return <SearchingScreen />;
    case 'results':
      return <ResultsScreen matches={screen.matches} />;
    case 'birth-date':
      return <BirthDateScreen />;
    case 'cannot-pay':
      return <CannotPayScreen reason={screen.reason} />;
    case 'no-match':
      return <NoMatchScreen />;
    case 'search-unavailable':
      return <SearchUnavailableScreen />;
    case 'search-error':
      return <SearchErrorScreen errorKind={screen.errorKind} />;
    case 'terms':
      return <TermsScreen recipient={screen.recipient} letter={screen.letter} />;
    case 'deposit':
      return <DepositScreen />;
    case 'success':
      return <SuccessScreen payment={screen.payment} />;
    default:
      return assertNever(screen, 'screen');
  }
}

/** First load, before main has answered: calm words, never a stack trace. */
function Connecting() {
  const { t } = useT();
  return (
    <div className="connecting" role="status" data-testid="connecting">
      <div className="spinner" aria-hidden="true" />
      <p className="connecting-title">{t('app.service')}</p>
      <p>{t('conn.connecting')}</p>
    </div>
  );
}

function ConnectionBanner() {
  const { t } = useT();
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      {t('conn.connecting')}
    </div>
  );
}
