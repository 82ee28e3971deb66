/**
 * Browser harness for the Panel bench (bundled by src/bench/panel.ts, never run by Node): the real
 * panel over the real controller, on the in-memory ports of the panel tests, started the way the
 * UXP entry starts it (init at load, render at once). A marked range and three ranged markers
 * make the first view the one an editor sees.
 */
import { createRoot } from 'react-dom/client';
import { RetakePanel } from '../ui/RetakePanel';
import { createWorld, makeMarker, makeSequence } from '../ui/testing/fakes';

const world = createWorld({
  sequence: makeSequence({ marks: [100, 165] }),
  markers: [
    makeMarker('m1', 'Opening [V]', [50, 110], { comments: 'rain on the window' }),
    makeMarker('m2', 'Street [AV]', [300, 375], { comments: 'a red car passes', colorIndex: 2 }),
    makeMarker('m3', 'Close-up', [700, 760], { colorIndex: 4 }),
  ],
});
void world.controller.init();
createRoot(document.getElementById('root') as HTMLElement).render(<RetakePanel controller={world.controller} />);
