import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs` while `active` (for elapsed timers). */
export function useNow(now: () => number, active: boolean, intervalMs = 1000): number {
  const [value, setValue] = useState(now);
  useEffect(() => {
    setValue(now());
    if (!active) return;
    const timer = setInterval(() => setValue(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, active, intervalMs]);
  return active ? value : now();
}
