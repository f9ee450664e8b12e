import { highlightTerms } from "@/lib/client/highlight-terms";

/** `text` with the query's words in `<mark>`. */
export function HighlightedText({ text, query }: { text: string; query: string }) {
  return highlightTerms(text, query).map((segment, index) =>
    segment.isMatch ? (
      <mark key={index} className="rounded-sm bg-highlight text-text">
        {segment.text}
      </mark>
    ) : (
      segment.text
    ),
  );
}
