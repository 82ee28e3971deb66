/** The demo header's own controls: the Simulate menu (stand-in faults) and Reset demo. */
import { useState } from 'react';
import { SIMULATIONS, SimulationId } from './simulations';

export function SimulateMenu({ onSimulate }: { onSimulate: (fault: SimulationId) => Promise<number> }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const arm = async (id: SimulationId, label: string) => {
    setOpen(false);
    try {
      const pending = await onSimulate(id);
      setStatus(`${label}: armed for the next retake${pending > 1 ? ` (${pending} faults waiting)` : ''}.`);
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span className="demo-simulate">
      <button type="button" className="tl-button" data-testid="demo-simulate" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} title="Make the stand-in fail the next retake in one of Runware's ways">
        Simulate ▾
      </button>
      {open ? (
        <span className="demo-simulate-menu" role="menu">
          {SIMULATIONS.map((s) => (
            <button key={s.id} type="button" role="menuitem" className="demo-simulate-item" data-testid={`demo-simulate-${s.id}`} title={s.hint} onClick={() => void arm(s.id, s.label)}>
              <b>{s.label}</b>
              <span>{s.hint}</span>
            </button>
          ))}
        </span>
      ) : null}
      {status ? (
        <span className="demo-simulate-status" data-testid="demo-simulate-status" role="status">
          {status}
        </span>
      ) : null}
    </span>
  );
}

/** Reset asks first, then stops the running jobs (shown) before the demo server starts over. */
export function ResetControl({ onReset }: { onReset: () => Promise<void> }) {
  const [step, setStep] = useState<'idle' | 'confirm' | 'stopping'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const reset = async () => {
    setStep('stopping');
    try {
      await onReset();
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      setStep('idle');
    }
  };
  if (step === 'stopping') return <span className="demo-confirm" data-testid="demo-reset-stopping">Stopping running jobs…</span>;
  if (step === 'confirm') {
    return (
      <span className="demo-confirm">
        Stop running jobs and start over? (Jobs and takes are kept in the data folder’s archive.)
        <button type="button" className="tl-button tl-button-danger" data-testid="demo-reset-confirm" onClick={() => void reset()}>
          Reset
        </button>
        <button type="button" className="tl-button" onClick={() => setStep('idle')}>
          Keep
        </button>
      </span>
    );
  }
  return (
    <>
      {problem ? <span className="demo-simulate-status">{problem}</span> : null}
      <button type="button" className="tl-button" data-testid="demo-reset" onClick={() => setStep('confirm')} title="Stop the jobs, archive them and their takes, and rebuild the demo project">
        Reset demo
      </button>
    </>
  );
}
