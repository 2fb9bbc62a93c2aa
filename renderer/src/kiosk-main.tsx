import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BridgeProvider } from './app/bridge-context.tsx';
import { connectStore } from './app/connect.ts';
import { KioskApp } from './app/kiosk-app.tsx';
import { answerScreenshotRequests } from './app/self-capture.ts';
import { createBridge } from './bridge/kiosk-bridge.ts';
import './styles/fonts.css';
import './styles/tokens.css';
import './styles/base.css';
import './styles/flow.css';
import './styles/payment.css';
import './styles/home.css';

const bridge = createBridge();
connectStore(bridge);
answerScreenshotRequests(bridge);
// A kiosk has no right click, text selection or pinch zoom to offer a payer.
document.addEventListener('contextmenu', (event) => event.preventDefault());

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <BridgeProvider bridge={bridge}>
        <KioskApp />
      </BridgeProvider>
    </StrictMode>,
  );
}
