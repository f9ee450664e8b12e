import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

interface MarkdownNode {
  type: string;
  value?: string;
  alt?: string | null;
  children?: MarkdownNode[];
}

const parser = unified().use(remarkParse).use(remarkGfm);
/** Blocks whose text must not run into the next block's. */
const blocks = new Set(["paragraph", "heading", "listItem", "blockquote", "code", "tableCell", "thematicBreak", "html"]);

/**
 * One line of letters, digits, spaces and plain punctuation, starting with a letter: no Markdown
 * construct can begin in it (each needs a newline, a leading marker or one of the characters left
 * out), so it reads as it is written. Most typed messages are such lines, and parsing one costs
 * more than the rest of a memory search hit.
 */
const plainLine = /^\p{L}[\p{L}\p{N} ,.;?'"\u2019]*$/u;

/**
 * The words a Markdown message shows, without its syntax (`**`, `#`, fences, link targets), as
 * the reader sees them rendered: what a memory snippet quotes.
 */
export function markdownToText(markdown: string): string {
  if (plainLine.test(markdown)) return markdown.replace(/ +/g, " ").trim();
  const parts: string[] = [];
  const walk = (node: MarkdownNode) => {
    if (node.type === "image") parts.push(node.alt ?? "");
    else if (node.type !== "html" && typeof node.value === "string") parts.push(node.value);
    node.children?.forEach(walk);
    if (blocks.has(node.type)) parts.push(" ");
  };
  walk(parser.parse(markdown) as MarkdownNode);
  return parts.join("").replace(/\s+/g, " ").trim();
}
