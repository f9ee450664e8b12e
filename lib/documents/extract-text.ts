import "server-only";
import { zipSync } from "fflate";
import type { getDocumentProxy } from "unpdf";
import { userError } from "@/lib/errors";
import { documentFileLimits } from "@/lib/usage/limits";
import type { DocumentFormat } from "./types";
import { readZipEntries } from "./zip";

/** A run of a document's text with where it is: a PDF's page, or the lines under a heading. */
export interface TextPart {
  page: number | null;
  text: string;
}

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

// PDF.js and Mammoth load on the first document that needs them, not with every server's start.

/** Opens a PDF (on a copy: PDF.js takes its buffer over); a password-protected one is refused with 422. */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const { getDocumentProxy } = await import("unpdf");
  try {
    return await getDocumentProxy(new Uint8Array(bytes), { useSystemFonts: false, verbosity: 0 });
  } catch (error) {
    if ((error as { name?: string }).name === "PasswordException") {
      throw userError("unprocessable", "The PDF is password-protected. Remove the password and upload it again.");
    }
    throw userError("unprocessable", "The file starts like a PDF but cannot be read: it may be damaged.");
  }
}

async function pdfPages(bytes: Uint8Array): Promise<TextPart[]> {
  const pdf = await openPdf(bytes);
  try {
    const parts: TextPart[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const content = await (await pdf.getPage(number)).getTextContent();
      const text = content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join("");
      parts.push({ page: number, text });
    }
    return parts;
  } finally {
    await pdf.loadingTask.destroy();
  }
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** Mammoth's plain HTML as Markdown-like text: headings kept as `#` lines, blocks as paragraphs. */
function htmlToText(html: string): string {
  return html
    .replace(/<h([1-6])[^>]*>/g, (_, level: string) => `\n\n${"#".repeat(Number(level))} `)
    .replace(/<\/(p|h[1-6]|li|tr|table|ul|ol)>|<br\s*\/?>/g, "\n\n")
    .replace(/<\/t[dh]>/g, " | ")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => entities[name]!)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The text of a DOCX from entries already inflated under the cap (./zip.ts): Mammoth reads a zip
 * rebuilt from them, never the upload itself, whose sizes it would believe.
 */
export async function textOfDocx(entries: Map<string, Uint8Array>): Promise<string> {
  const rebuilt = zipSync(Object.fromEntries(entries), { level: 0 });
  const { default: mammoth } = await import("mammoth");
  const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(rebuilt) });
  return htmlToText(value);
}

/** The whole text of a stored file, in parts by page (PDF) or as one part (the others, split by headings later). */
export async function extractText(bytes: Uint8Array, format: DocumentFormat): Promise<TextPart[]> {
  switch (format) {
    case "pdf":
      return pdfPages(bytes);
    case "docx":
      return [{ page: null, text: await textOfDocx(readZipEntries(bytes, { maxBytes: documentFileLimits.docxDecompressedBytes })) }];
    case "markdown":
    case "text":
      return [{ page: null, text: new TextDecoder().decode(bytes) }];
  }
}
