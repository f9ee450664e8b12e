import { describe, expect, it } from "vitest";
import { overlapChars, passageChars, splitPassages } from "@/lib/documents/split-passages";

describe("splitPassages", () => {
  it("keeps each page's passages on that page", () => {
    const passages = splitPassages([{ page: 1, text: "Alpha text." }, { page: 2, text: "Beta text." }], { headings: false });
    expect(passages).toEqual([
      { ordinal: 0, page: 1, section: null, content: "Alpha text." },
      { ordinal: 1, page: 2, section: null, content: "Beta text." },
    ]);
  });

  it("starts a passage at each heading and names the section", () => {
    const passages = splitPassages([{ page: null, text: "Intro line\n# Setup\nInstall it.\n\n## Use\nRun it." }], { headings: true });
    expect(passages.map(({ section, content }) => ({ section, content }))).toEqual([
      { section: null, content: "Intro line" },
      { section: "Setup", content: "# Setup Install it." },
      { section: "Use", content: "## Use Run it." },
    ]);
  });

  it("reads # lines as text, not headings, in plain text", () => {
    expect(splitPassages([{ page: null, text: "# not a heading\nbody" }], { headings: false })).toEqual([
      { ordinal: 0, page: null, section: null, content: "# not a heading body" },
    ]);
  });

  it("cuts a long section into passages of bounded size that overlap", () => {
    const words = Array.from({ length: 800 }, (_, index) => `word${index}`);
    const passages = splitPassages([{ page: 3, text: words.join(" ") }], { headings: false });
    expect(passages.length).toBeGreaterThan(3);
    for (const passage of passages) expect(passage.content.length).toBeLessThanOrEqual(passageChars + overlapChars);
    for (let index = 1; index < passages.length; index++) {
      const previousEnd = passages[index - 1]!.content.split(" ").at(-1)!;
      expect(passages[index]!.content.split(" ").slice(0, 40)).toContain(previousEnd);
    }
    const seen = new Set(passages.flatMap((passage) => passage.content.split(" ")));
    expect(words.every((word) => seen.has(word))).toBe(true);
    expect(passages.every((passage) => passage.page === 3)).toBe(true);
  });

  it("makes nothing of blank text", () => {
    expect(splitPassages([{ page: 1, text: "  \n\n " }], { headings: false })).toEqual([]);
  });
});

describe("splitPassages with a long section under a heading", () => {
  it("keeps the heading with the start of its text instead of alone", () => {
    const body = Array.from({ length: 400 }, (_, index) => `w${index}`).join(" ");
    const passages = splitPassages([{ page: null, text: `# Intro\n\n${body}` }], { headings: true });
    expect(passages[0]!.content.startsWith("# Intro w0 w1")).toBe(true);
    expect(passages.every((passage) => passage.section === "Intro" && passage.content !== "# Intro")).toBe(true);
  });
});
