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
 * The words a Markdown message shows, without its syntax (`**`, `#`, fences, link targets), as
 * the reader sees them rendered: what a memory snippet quotes.
 */
export function markdownToText(markdown: string): string {
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
