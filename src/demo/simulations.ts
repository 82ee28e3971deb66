/** The faults the demo page can simulate on the stand-in (browser-safe: names and sentences only). */
export const SIMULATIONS = [
  { id: 'insufficientCredits', label: 'Insufficient credits', hint: 'The next submit is refused: not enough credits (nothing is charged).' },
  { id: 'generationError', label: 'Generation error', hint: 'The next job is accepted, then fails on Runware (not charged).' },
  { id: 'expiredResult', label: 'Expired result', hint: 'The next result download finds nothing (the job is paid; it says how to get it).' },
  { id: 'lostAcknowledgement', label: 'Lost acknowledgement', hint: 'The next submit is accepted but its answer is lost (the job is found by polling, not paid twice).' },
] as const;

export type SimulationId = (typeof SIMULATIONS)[number]['id'];
