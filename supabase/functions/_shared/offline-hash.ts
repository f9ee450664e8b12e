// The offline-hash embedding model, shared by the Next app (lib/memory/embeddings) and the jobs-worker
// edge function: one implementation, so vectors made by either are the same. Pure TypeScript with
// no imports, so Node, the browser bundle and Deno all accept it.

export const offlineHashDimensions = 1024;

// Words that say little about what a message is about; dropping them keeps "that script we talked
// about" close to "the backup script".
const stopWords = new Set(
  (
    "a an and are as at be but by can could did do does for from had has have he her his how i if in into is it its " +
    "me my no not of on or our she so than that the their them then there these they this to too us was we were what " +
    "when where which who why will with would you your about just like talked said tell"
  ).split(" "),
);

/** FNV-1a, 32 bits: fast, well spread, and the same on every machine. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function wordsOf(text: string): string[] {
  return (text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}_]+/gu) ?? []).filter(
    (word) => word.length > 1 && !stopWords.has(word),
  );
}

/**
 * Feature hashing of words and their character trigrams into a fixed-size vector (signed, so
 * collisions cancel out rather than pile up), normalised. Similar wording gives similar vectors:
 * memory search works lexically, with some tolerance for spelling and word forms.
 */
export function hashEmbedding(text: string, dimensions = offlineHashDimensions): number[] {
  const vector = new Float64Array(dimensions);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
    vector[hash % dimensions]! += sign * weight;
  };
  for (const word of wordsOf(text)) {
    add(`w:${word}`, 1);
    const padded = ` ${word} `;
    const trigrams = padded.length - 2;
    for (let index = 0; index < trigrams; index++) add(`t:${padded.slice(index, index + 3)}`, 0.7 / Math.sqrt(trigrams));
  }
  const norm = Math.hypot(...vector);
  return Array.from(vector, (value) => (norm > 0 ? value / norm : 0));
}
