import { useEffect, useState } from 'react';

export type PanelTheme = 'dark' | 'light';

interface UxpTheme {
  getCurrent(): string;
  onUpdated?: { addListener(fn: (theme: string) => void): void; removeListener?(fn: (theme: string) => void): void };
}

const isLight = (name: string | null | undefined) => !!name && /light/i.test(name);

/** Light or dark: from UXP's `document.theme` in Premiere, else a `data-theme` attribute on the page. */
export function readTheme(doc: Document | null = typeof document === 'undefined' ? null : document): PanelTheme {
  if (!doc) return 'dark';
  const uxp = (doc as Document & { theme?: UxpTheme }).theme;
  try {
    if (uxp && typeof uxp.getCurrent === 'function') return isLight(uxp.getCurrent()) ? 'light' : 'dark';
  } catch {
    // fall through to the attribute
  }
  const attr = doc.documentElement?.getAttribute('data-theme') ?? doc.body?.getAttribute('data-theme');
  return isLight(attr) ? 'light' : 'dark';
}

/** Follows Premiere's brightness setting while the panel is open. */
export function useTheme(): PanelTheme {
  const [theme, setTheme] = useState<PanelTheme>(() => readTheme());
  useEffect(() => {
    const doc = typeof document === 'undefined' ? null : document;
    const uxp = (doc as (Document & { theme?: UxpTheme }) | null)?.theme;
    const update = () => setTheme(readTheme(doc));
    update();
    try {
      uxp?.onUpdated?.addListener(update);
    } catch {
      // no theme events on this host
    }
    return () => {
      try {
        uxp?.onUpdated?.removeListener?.(update);
      } catch {
        // nothing to remove
      }
    };
  }, []);
  return theme;
}
