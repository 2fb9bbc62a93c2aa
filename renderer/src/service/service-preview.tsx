/**
 * TEST PAGE ONLY (tests/e2e/service-screens.test.ts): ServiceApp alone behind a stand-in payer
 * home, so the service screens are driven in a browser against the real service handlers
 * without the rest of the kiosk. Not part of the kiosk build.
 */
import { createRoot } from 'react-dom/client';
import { BridgeProvider, useBridge } from '../app/bridge-context.tsx';
import { createBridge } from '../bridge/kiosk-bridge.ts';
import { t } from '../i18n/operator.ts';
import { ServiceApp } from './service-app.tsx';
import { useServiceEntry } from './service-entry.ts';

function PreviewShell() {
  const { inService, exitService } = useServiceEntry(useBridge());
  if (inService) return <ServiceApp onExit={exitService} />;
  return (
    <div data-testid="preview-home" style={{ height: '100vh' }}>
      {t('svc.previewHome')}
    </div>
  );
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <BridgeProvider bridge={createBridge()}>
      <PreviewShell />
    </BridgeProvider>,
  );
}
