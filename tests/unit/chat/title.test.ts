import { describe, expect, it } from "vitest";
import { titleFromMessage } from "@/lib/chat/title";

describe("titleFromMessage", () => {
  it("keeps a short message as it is, on one line", () => {
    expect(titleFromMessage("  How do I\nback up postgres? ")).toBe("How do I back up postgres?");
  });

  it("cuts a long message on a word and marks the cut", () => {
    const title = titleFromMessage("Please explain the difference between logical and physical replication in PostgreSQL 17");
    expect(title.length).toBeLessThanOrEqual(61);
    expect(title.endsWith("…")).toBe(true);
    expect(title).toBe("Please explain the difference between logical and physical…");
  });

  it("drops code blocks and markdown marks", () => {
    expect(titleFromMessage("**Why** does ```js\nconsole.log(1)\n``` print `1`?")).toBe("Why does print 1?");
  });

  it("falls back when nothing readable is left", () => {
    expect(titleFromMessage("```\n\n```")).toBe("New chat");
  });
});

describe("titleFromMessage and identifiers", () => {
  it("keeps underscores, which name things more often than they mark emphasis", () => {
    expect(titleFromMessage("Why does pg_dump hang?")).toBe("Why does pg_dump hang?");
  });
});
