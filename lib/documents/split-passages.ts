import type { TextPart } from "./extract-text";

export interface Passage {
  ordinal: number;
  page: number | null;
  section: string | null;
  content: string;
}

/** About 300 tokens a passage: long enough to carry a thought, short enough to be a precise hit. */
export const passageChars = 1200;
/** The end of a passage repeated at the start of the next, when a long section is cut. */
export const overlapChars = 200;

const headingPattern = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Cuts text longer than `size` at spaces (or anywhere, in a word longer than that). */
function cutToSize(text: string, size: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const space = rest.lastIndexOf(" ", size);
    const at = space > size / 2 ? space : size;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The last `overlapChars` of a passage, from a word's start. */
function tailOf(text: string): string {
  if (text.length <= overlapChars) return text;
  const tail = text.slice(-overlapChars);
  const space = tail.indexOf(" ");
  return space >= 0 ? tail.slice(space + 1) : tail;
}

/**
 * Splits a document's text into passages for embedding. A passage never spans two pages or two
 * headings (so a hit names one page or one section); within one, paragraphs are packed up to
 * `passageChars`, and where a section is cut the next passage repeats the last words of the one
 * before, so a sentence across the cut is found from either side. `headings`: Markdown-style `#`
 * lines start sections (Markdown, and Word files as their text comes out).
 */
export function splitPassages(parts: TextPart[], { headings }: { headings: boolean }): Passage[] {
  const passages: Passage[] = [];
  let section: string | null = null;
  let page: number | null = null;
  let current = "";
  let headingOnly = false;

  const flush = () => {
    const content = current.trim();
    if (content) passages.push({ ordinal: passages.length, page, section, content });
    current = "";
  };

  for (const part of parts) {
    flush();
    page = part.page;
    const lines = part.text.replace(/\r\n?/g, "\n");
    // A heading is a block of its own, also when no blank line sets it apart.
    const blocks = (headings ? lines.replace(/^(#{1,6}[ \t].*)$/gm, "\n$1\n") : lines).split(/\n\s*\n/).map((block) => block.replace(/[ \t]*\n[ \t]*/g, " ").replace(/\s+/g, " ").trim());
    for (const block of blocks) {
      if (!block) continue;
      const heading = headings ? headingPattern.exec(block) : null;
      if (heading) {
        flush();
        section = heading[2]!.slice(0, 200);
      }
      // A heading line is never a passage alone: the text below it joins it whatever its size.
      const startsSection = Boolean(heading);
      for (const piece of cutToSize(block, passageChars)) {
        if (current && !headingOnly && current.length + 1 + piece.length > passageChars) {
          const carried = tailOf(current);
          flush();
          current = carried;
        }
        current = current ? `${current} ${piece}` : piece;
        headingOnly = startsSection;
      }
    }
  }
  flush();
  return passages;
}
