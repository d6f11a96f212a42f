/**
 * Returns the candidates closest to `input`, best first: those within a small edit distance
 * (1 for words of up to 4 letters, 2 beyond), then those that start with `input` or that `input`
 * starts with (`repository` finds `repo`). Matching ignores case.
 */
export function suggestWords(input: string, candidates: readonly string[], limit = 3): string[] {
  const typed = input.toLowerCase();
  const maxDistance = typed.length <= 4 ? 1 : 2;

  const scored: Array<{ word: string; score: number }> = [];
  for (const word of candidates) {
    const distance = measureEditDistance(typed, word.toLowerCase());
    const isPrefix = typed.length >= 3 && (word.startsWith(typed) || typed.startsWith(word));
    if (distance <= maxDistance) scored.push({ word, score: distance });
    else if (isPrefix) scored.push({ word, score: maxDistance + 1 });
  }

  scored.sort((left, right) => left.score - right.score || left.word.localeCompare(right.word));
  return scored.slice(0, limit).map((entry) => entry.word);
}

/**
 * Counts the insertions, deletions, substitutions and swaps of neighbouring letters that turn
 * `left` into `right` (optimal string alignment distance).
 */
export function measureEditDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const table: number[][] = [];
  for (let i = 0; i < rows; i += 1) {
    const row = new Array<number>(columns).fill(0);
    row[0] = i;
    table.push(row);
  }
  const firstRow = table[0] ?? [];
  for (let j = 0; j < columns; j += 1) firstRow[j] = j;

  const at = (i: number, j: number): number => table[i]?.[j] ?? Number.POSITIVE_INFINITY;

  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < columns; j += 1) {
      const substitution = left[i - 1] === right[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitution);

      const isSwap = i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1];
      if (isSwap) best = Math.min(best, at(i - 2, j - 2) + 1);

      const row = table[i];
      if (row !== undefined) row[j] = best;
    }
  }
  return at(rows - 1, columns - 1);
}
