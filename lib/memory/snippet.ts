import { wordsOf } from "./embeddings/offline-hash";
import { markdownToText } from "./markdown-text";

const defaultSnippetLength = 240;

/**
 * The part of a message around the first word it shares with the query (or its start), as plain
 * text on one line (Markdown syntax removed), with an ellipsis where it was cut.
 */
export function snippetFor(content: string, query: string, length = defaultSnippetLength): string {
  const flat = markdownToText(content);
  if (flat.length <= length) return flat;
  const lower = flat.toLowerCase();
  const positions = wordsOf(query)
    .map((word) => lower.indexOf(word))
    .filter((position) => position >= 0);
  const hit = positions.length ? Math.min(...positions) : 0;
  let start = Math.max(0, hit - Math.floor(length / 3));
  if (start > 0) start = flat.indexOf(" ", start) + 1 || start;
  const end = Math.min(flat.length, start + length);
  return `${start > 0 ? "…" : ""}${flat.slice(start, end).trim()}${end < flat.length ? "…" : ""}`;
}
