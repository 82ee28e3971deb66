/**
 * The pipeline and the Runware client speak to an editor in the panel (marks, sequence, Settings,
 * batches, Retry). The CLI says the same things in its own words: one table, applied to every
 * sentence it prints.
 */
const CLI_WORDS: Array<[RegExp, string]> = [
  [/The marked range is/g, 'The range --from to --to is'],
  [/The marked ([\d.]+ s)/g, 'The $1 range'],
  [/Widen the marks by/g, 'Widen the range by'],
  [/Mark a shorter range, or split it with ranged markers and run a batch\./g, 'Give a shorter range (one command per part).'],
  [/Mark a shorter range\./g, 'Give a shorter range.'],
  [/around the marks/g, 'around the range'],
  [/Move the marks away from the sequence start or end\./g, 'Move --from/--to away from the start or end of the input.'],
  [/Use a longer sequence\./g, 'Use a longer input.'],
  [/\bthe ([\d.]+ s) sequence\b/g, 'the $1 input'],
  [/The sequence is/g, 'The input is'],
  [/Add one in Settings/g, 'Set RUNWARE_API_KEY'],
  [/ in Settings/g, ' in RUNWARE_API_KEY'],
  [/\bRetry in a few minutes\./g, 'Run the same command again in a few minutes.'],
  [/\bRetry;/g, 'Run the same command again;'],
  [/update the plugin/g, 'update ltx-retake'],
  [/, then retry;/g, ', then run the same command again;'],
  [/Submit the retake again; if/g, 'If'],
  [/\bon the timeline\b/g, 'in the output'],
];

export function inCliWords(sentence: string): string {
  return CLI_WORDS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), sentence);
}
