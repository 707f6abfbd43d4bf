import { distance } from "fastest-levenshtein";

/**
 * The candidate a misspelt word most likely meant: the closest by case-insensitive edit distance,
 * the earlier one on a tie. Two edits cover a swapped pair of letters (`titel`, `feilds`); words
 * under five letters get one, or nearly every short key would be "close" to them.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = word.length < 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
