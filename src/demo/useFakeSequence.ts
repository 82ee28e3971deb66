import { useEffect, useState } from 'react';
import type { FakeControl, SequenceInfo } from '../standins/premiere/fakePremiere';

/** The fake's active sequence, re-read after every change the fake reports (null when none). */
export function useFakeSequence(control: FakeControl): SequenceInfo | null {
  const read = (): SequenceInfo | null => {
    try {
      return control.project() ? control.sequence() : null;
    } catch {
      return null;
    }
  };
  const [seq, setSeq] = useState<SequenceInfo | null>(read);
  useEffect(() => {
    let queued = false;
    // Several changes in one task (a transaction, an export's in/out dance) draw once.
    const changed = () => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        setSeq(read());
      });
    };
    const unsubscribe = control.subscribe(changed);
    changed();
    return () => {
      unsubscribe();
    };
  }, [control]);
  return seq;
}
