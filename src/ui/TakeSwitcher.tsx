import { useEffect } from 'react';
import type { RetakeController } from '../app/retakeController';
import { TakeGroup, takePosition } from '../app/takeGroups';
import { runAction } from './actions';
import { useStore } from './useStore';

interface Props {
  controller: RetakeController;
  group: TakeGroup;
}

/** The takes of one range: which one plays, previous / next, the original (A/B), and where it is. */
export function TakeSwitcher({ controller, group }: Props) {
  const switcher = controller.takes;
  const activeTakes = useStore(switcher.active);
  const active = activeTakes[group.key];
  const takeIds = group.takes.map((t) => t.id).join(',');
  useEffect(() => {
    void runAction(controller, () => switcher.sync(group));
    // Read again whenever the group's takes change (a take placed or removed).
  }, [controller, switcher, group.key, takeIds]);
  if (!switcher.available || group.takes.length === 0) return null;
  const run = (work: () => Promise<void>) => () => void runAction(controller, work);
  return (
    <div className="ltx-take-switcher" data-testid="take-switcher" data-group={group.key}>
      <span className="ltx-strong" data-testid="take-position">
        {takePosition(group, active)}
      </span>
      <div className="ltx-button-row">
        <button type="button" className="ltx-button" data-testid="take-prev" aria-label="Previous take" disabled={group.takes.length < 2 && active !== null} onClick={run(() => switcher.step(group, -1))}>
          ‹
        </button>
        <button type="button" className="ltx-button" data-testid="take-next" aria-label="Next take" disabled={group.takes.length < 2 && active !== null} onClick={run(() => switcher.step(group, 1))}>
          ›
        </button>
        <button type="button" className="ltx-button" data-testid="take-original" disabled={active === null} title="Disables every take of this range, so the original plays (A/B)" onClick={run(() => switcher.use(group, null))}>
          Original
        </button>
        {active ? (
          <button type="button" className="ltx-button" data-testid="take-reveal" onClick={run(() => controller.reveal(active))}>
            Show in timeline
          </button>
        ) : null}
      </div>
    </div>
  );
}
