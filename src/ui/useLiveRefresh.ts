import { useEffect } from 'react';
import { LiveRefresh, RefreshPolicy, RefreshTarget } from '../app/liveRefresh';

/**
 * Keeps the live plan following the editor's marks with `policy` (app/liveRefresh.ts) while the
 * panel is mounted; everything is cleaned up on unmount, so a panel mounted twice leaves no stray
 * timer or host listener.
 *
 * Whether the panel can be seen: UXP's panel `hide` never fires in Premiere and `show` only once
 * (Adobe's UXP known issues), and no page visibility event is documented for UXP. What does work
 * is the panel's own input: focus, pointer, wheel and key events reach its document only while the
 * editor uses it, so the poll stops a while after the last of them (the policy's `presenceMs`) and
 * the next one re-reads everything. Should the host report `document.visibilityState` 'hidden',
 * that stops the poll too.
 */
export function useLiveRefresh(target: RefreshTarget, policy: RefreshPolicy, win: Window | null = typeof window === 'undefined' ? null : window): void {
  useEffect(() => {
    const live = new LiveRefresh(target, policy, {
      now: () => Date.now(),
      setInterval: (run, ms) => setInterval(run, ms),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    });
    const doc = win?.document ?? null;
    const focused = () => live.focused();
    const used = () => live.used();
    const visibility = () => (doc?.visibilityState === 'hidden' ? live.hide() : live.focused());
    const inputs = ['pointerdown', 'pointermove', 'mousemove', 'wheel', 'keydown'] as const;
    live.start();
    win?.addEventListener('focus', focused);
    for (const name of inputs) doc?.addEventListener(name, used, { passive: true });
    doc?.addEventListener('visibilitychange', visibility);
    return () => {
      live.stop();
      win?.removeEventListener('focus', focused);
      for (const name of inputs) doc?.removeEventListener(name, used);
      doc?.removeEventListener('visibilitychange', visibility);
    };
  }, [target, policy, win]);
}
