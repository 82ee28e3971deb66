/**
 * The demo page's "Simulate" menu: each entry arms one fault of the Runware stand-in for the next
 * retake, through the stand-in's in-process FaultScript (never its HTTP control routes). What
 * each fault does on the wire is the stand-in's own behaviour (src/standins/runware/faults.ts).
 */
import type { FaultScript, ScriptedFault } from '../standins/runware/faults';
import { SIMULATIONS, SimulationId } from './simulations';

const FAULTS: Record<SimulationId, ScriptedFault> = {
  // Runware answers 402 for an insufficient balance (runware-api.md, Errors); the stand-in picks its code.
  insufficientCredits: { on: 'submit', fault: { kind: 'http', status: 402 } },
  generationError: { on: 'submit', fault: { kind: 'generationError' } },
  expiredResult: { on: 'download', fault: { kind: 'resultNotFound' } },
  lostAcknowledgement: { on: 'submit', fault: { kind: 'dropAck' } },
};

export function isSimulationId(v: unknown): v is SimulationId {
  return typeof v === 'string' && SIMULATIONS.some((s) => s.id === v);
}

/** Arms the fault once; returns how many simulated faults are still waiting to fire. */
export function armSimulation(faults: FaultScript, id: SimulationId): number {
  faults.add(FAULTS[id]);
  return faults.pending().length;
}
