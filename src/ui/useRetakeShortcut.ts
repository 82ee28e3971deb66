import { RefObject, useEffect, useRef } from 'react';

/** Elements (and their children) where Ctrl/Cmd+Enter means something else. */
export const NO_SHORTCUT_ATTR = 'data-no-retake-shortcut';

/**
 * Ctrl/Cmd+Enter anywhere in the panel: a keydown listener on the panel's own document (UXP
 * delivers keys there while the panel has focus; `keypress` is unsupported). The first handler
 * marks the event handled, so a panel mounted twice still starts one retake.
 */
export function useRetakeShortcut(rootRef: RefObject<HTMLElement>, onShortcut: () => void): void {
  const latest = useRef(onShortcut);
  latest.current = onShortcut;
  useEffect(() => {
    const doc = rootRef.current?.ownerDocument ?? (typeof document === 'undefined' ? null : document);
    if (!doc) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.defaultPrevented || e.repeat) return;
      const target = e.target as Element | null;
      if (target && typeof target.closest === 'function' && target.closest(`[${NO_SHORTCUT_ATTR}]`)) return;
      e.preventDefault();
      latest.current();
    };
    doc.addEventListener('keydown', onKeyDown);
    return () => doc.removeEventListener('keydown', onKeyDown);
  }, [rootRef]);
}
