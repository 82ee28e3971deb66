import { useEffect } from 'react';

/**
 * Keeps the live plan following the editor's marks: calls `refresh` every `intervalMs` while the
 * panel is mounted and whenever its window regains focus. A refresh still running is never
 * overlapped (Premiere reads can be slow); everything is cleaned up on unmount, so a panel mounted
 * twice leaves no stray timer.
 */
export function useLiveRefresh(refresh: () => Promise<void>, intervalMs: number, win: Window | null = typeof window === 'undefined' ? null : window): void {
  useEffect(() => {
    let running = false;
    let alive = true;
    const tick = () => {
      if (running || !alive) return;
      running = true;
      refresh()
        .catch(() => undefined) // refresh records host problems in the state itself
        .finally(() => {
          running = false;
        });
    };
    const timer = intervalMs > 0 ? setInterval(tick, intervalMs) : null;
    win?.addEventListener('focus', tick);
    return () => {
      alive = false;
      if (timer) clearInterval(timer);
      win?.removeEventListener('focus', tick);
    };
  }, [refresh, intervalMs, win]);
}
