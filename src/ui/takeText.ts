import { money } from './format';

/**
 * Said before money is spent when the range already has takes: a new take is a new charge, and it
 * is made from the range as it plays (the export renders the enabled take, not the shot under it).
 */
export function existingTakesText(count: number, costUsd: number): string | null {
  if (count <= 0) return null;
  return `${count === 1 ? '1 take exists' : `${count} takes exist`} for this range; this is a new charge of ${money(costUsd)}. It starts from what plays there now: choose Original first to start from the original shot.`;
}
