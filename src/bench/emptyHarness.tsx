/**
 * The Panel bench's baseline (bundled by src/bench/panel.ts): a bare React root rendering one div
 * through the same bundler settings, page, stylesheet and browser, marked ready at once.
 */
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root') as HTMLElement).render(
  <div className="ltx-panel" data-testid="retake-panel" data-ready="true">
    LTX Retake
  </div>,
);
