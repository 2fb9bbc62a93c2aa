import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PanelApp } from './panel/panel-app.tsx';
import './styles/fonts.css';
import './styles/tokens.css';
import './styles/panel.css';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <PanelApp />
    </StrictMode>,
  );
}
