import { describe, expect, it } from "vitest";
import { makeDocx, makePdf, makeZip, makeZipBombDocx, pngBytes } from "../../support/document-fixtures";

const { inspectFile } = await import("@/lib/documents/inspect-file");
const { extractText } = await import("@/lib/documents/extract-text");

async function refusal(bytes: Uint8Array, name = "file") {
  try {
    await inspectFile(bytes, name);
  } catch (error) {
    return { code: (error as { code: string }).code, message: (error as { publicMessage: string }).publicMessage };
  }
  throw new Error("the file was accepted");
}

describe("inspectFile: what the bytes are, never the name", () => {
  it("reads a PDF by its signature and counts its pages", async () => {
    expect(await inspectFile(makePdf(["Tides rise twice a day", "Moons pull oceans"]), "notes.txt")).toEqual({ format: "pdf", pages: 2 });
  });

  it("reads a DOCX by its structure, whatever its name", async () => {
    expect(await inspectFile(makeDocx(["# Plan", "Buy a kayak"]), "photo.png")).toEqual({ format: "docx", pages: null });
  });

  it("tells Markdown from plain text by the name only once the bytes are UTF-8 text", async () => {
    expect(await inspectFile(Buffer.from("# Title\n\nbody"), "readme.md")).toEqual({ format: "markdown", pages: null });
    expect(await inspectFile(Buffer.from("héllo wörld"), "notes")).toEqual({ format: "text", pages: null });
  });

  it("refuses what it does not read with 415, naming what the bytes are", async () => {
    expect(await refusal(pngBytes, "report.pdf")).toEqual({ code: "unsupported_media_type", message: expect.stringContaining("a PNG image") });
    expect(await refusal(makeZip(), "report.docx")).toEqual({ code: "unsupported_media_type", message: expect.stringContaining("not a Word document") });
    expect(await refusal(Buffer.from([0xff, 0xfe, 0x41, 0x00]), "utf16.txt")).toMatchObject({ code: "unsupported_media_type" });
    expect(await refusal(Buffer.from([0x61, 0xc3, 0x28]), "broken.txt")).toMatchObject({ code: "unsupported_media_type" });
    expect(await refusal(Buffer.from("text with a \u0000 byte"), "nul.txt")).toMatchObject({ code: "unsupported_media_type" });
  });

  it("refuses empty, blank, password-protected, damaged and text-less files with 422 and the reason", async () => {
    expect(await refusal(Buffer.alloc(0))).toEqual({ code: "unprocessable", message: "The file is empty." });
    expect(await refusal(Buffer.from(" \n\t "))).toMatchObject({ code: "unprocessable", message: expect.stringContaining("blank") });
    expect(await refusal(makePdf(["secret"], { encrypted: true }))).toMatchObject({ code: "unprocessable", message: expect.stringContaining("password-protected") });
    expect(await refusal(Buffer.from("%PDF-1.4\nnot really a pdf"))).toMatchObject({ code: "unprocessable", message: expect.stringContaining("damaged") });
    expect(await refusal(makePdf(["", ""]))).toMatchObject({ code: "unprocessable", message: expect.stringContaining("no text layer") });
    expect(await refusal(makeDocx([" "]))).toMatchObject({ code: "unprocessable", message: expect.stringContaining("empty") });
    const brokenXml = makeDocx(["fine"], { "word/document.xml": new TextEncoder().encode("<w:document><w:body><w:p>") });
    expect(await refusal(brokenXml)).toMatchObject({ code: "unprocessable", message: expect.stringContaining("damaged") });
  });

  it("stops inflating a zip bomb at the cap and answers 413", async () => {
    const bomb = makeZipBombDocx(41);
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    expect(await refusal(bomb)).toMatchObject({ code: "payload_too_large", message: expect.stringContaining("unpacked") });
  });
});

describe("extractText", () => {
  it("gives a PDF's text page by page", async () => {
    expect(await extractText(makePdf(["First page", "Second page\nwith two lines"]), "pdf")).toEqual([
      { page: 1, text: expect.stringContaining("First page") },
      { page: 2, text: expect.stringMatching(/Second page\s+with two lines/) },
    ]);
  });

  it("gives a DOCX's text with its headings as Markdown headings", async () => {
    const [part] = await extractText(makeDocx(["# Packing list", "Tent & stove", "Rope"]), "docx");
    expect(part!.text).toBe("# Packing list\n\nTent & stove\n\nRope");
  });
});
