import { useEffect, useState } from 'react';
import type { FakeControl, SourceMonitorState } from '../standins/premiere/fakePremiere';

/** The fake's Source Monitor (what SourceMonitor.openFilePath/setPosition last showed), with a count that grows each time it changes. */
export function useFakeSourceMonitor(control: FakeControl): { state: SourceMonitorState; changes: number } {
  const [seen, setSeen] = useState(() => ({ state: control.sourceMonitor(), changes: 0 }));
  useEffect(
    () =>
      control.subscribe(() => {
        const next = control.sourceMonitor();
        setSeen((prev) => (prev.state.path === next.path && prev.state.position === next.position ? prev : { state: next, changes: prev.changes + 1 }));
      }),
    [control],
  );
  return seen;
}
