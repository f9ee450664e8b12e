import { wordsOf } from "@/lib/memory/embeddings/offline-hash";

export interface TextSegment {
  text: string;
  isMatch: boolean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Splits `text` into plain and matching segments, matching the query's words case-insensitively
 * at the start of a word. Uses the words memory search itself goes by, so filler such as "that"
 * or "about" is not marked.
 */
export function highlightTerms(text: string, query: string): TextSegment[] {
  // Longest first, so "postgresql" wins over "postgres" where both match.
  const terms = [...new Set(wordsOf(query))].sort((first, second) => second.length - first.length);
  if (text === "") return [];
  if (terms.length === 0) return [{ text, isMatch: false }];

  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${terms.map(escapeRegExp).join("|")})`, "giu");
  const segments: TextSegment[] = [];
  let plainStart = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > plainStart) segments.push({ text: text.slice(plainStart, match.index), isMatch: false });
    segments.push({ text: match[0], isMatch: true });
    plainStart = match.index + match[0].length;
  }
  if (plainStart < text.length) segments.push({ text: text.slice(plainStart), isMatch: false });
  return segments;
}
