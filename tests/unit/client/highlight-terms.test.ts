import { describe, expect, it } from "vitest";
import { highlightTerms } from "@/lib/client/highlight-terms";

const marked = (text: string, query: string) =>
  highlightTerms(text, query)
    .filter((segment) => segment.isMatch)
    .map((segment) => segment.text);

describe("highlightTerms", () => {
  it("marks every occurrence of the query's words, whatever their case, and keeps the whole text", () => {
    const segments = highlightTerms("Postgres backup: the nightly POSTGRES dump", "postgres backup");
    expect(segments).toEqual([
      { text: "Postgres", isMatch: true },
      { text: " ", isMatch: false },
      { text: "backup", isMatch: true },
      { text: ": the nightly ", isMatch: false },
      { text: "POSTGRES", isMatch: true },
      { text: " dump", isMatch: false },
    ]);
    expect(segments.map((segment) => segment.text).join("")).toBe("Postgres backup: the nightly POSTGRES dump");
  });

  it("ignores one-letter words and filler that search ignores too", () => {
    expect(marked("a script that we talked about", "that a script we talked about")).toEqual(["script"]);
  });

  it("matches at the start of words only, so word forms count but fragments inside words do not", () => {
    expect(marked("backups and javascript", "backup script")).toEqual(["backup"]);
  });

  it("prefers the longest word where two overlap", () => {
    expect(marked("postgresql", "postgres postgresql")).toEqual(["postgresql"]);
  });

  it("treats characters that mean something in a regular expression as plain text", () => {
    expect(marked("run pg_dump (nightly) at 2am", "pg_dump (nightly) .* [2am]")).toEqual(["pg_dump", "nightly", "2am"]);
    expect(() => highlightTerms("x", "(((")).not.toThrow();
  });

  it("returns the text as one plain segment when the query has no usable words, and nothing for no text", () => {
    expect(highlightTerms("some text", "a ?")).toEqual([{ text: "some text", isMatch: false }]);
    expect(highlightTerms("", "postgres")).toEqual([]);
  });

  it("matches letters beyond ASCII", () => {
    expect(marked("Crème brûlée recipe", "BRÛLÉE")).toEqual(["brûlée"]);
  });
});
