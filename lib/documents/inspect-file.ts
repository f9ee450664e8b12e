import "server-only";
import { isAppError, userError } from "@/lib/errors";
import { documentFileLimits } from "@/lib/usage/limits";
import { openPdf, textOfDocx } from "./extract-text";
import type { DocumentFormat } from "./types";
import { readZipEntries, ZipError } from "./zip";

export interface InspectedFile {
  format: DocumentFormat;
  /** Pages of a PDF; null for the other formats. */
  pages: number | null;
}

const supported = "Mneme reads PDF, Word (.docx), Markdown and plain text files.";

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, index) => bytes[index] === byte);

/** What a file we do not read is, by its first bytes, so the refusal can say so. */
function nameOfOtherFormat(bytes: Uint8Array): string | null {
  const known: [number[], string][] = [
    [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
    [[0xff, 0xd8, 0xff], "a JPEG image"],
    [[0x47, 0x49, 0x46, 0x38], "a GIF image"],
    [[0x1f, 0x8b], "a gzip archive"],
    [[0x7f, 0x45, 0x4c, 0x46], "a program (ELF)"],
    [[0x4d, 0x5a], "a Windows program"],
    [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], "an older Office file (.doc) or a password-protected one"],
  ];
  return known.find(([signature]) => startsWith(bytes, signature))?.[1] ?? null;
}

const unsupported = (what: string) => userError("unsupported_media_type", `The file is ${what}. ${supported}`);
const unprocessable = (why: string) => userError("unprocessable", why);

/** The file's text when it is UTF-8 text without NUL bytes (a BOM dropped); null otherwise. */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

async function inspectPdf(bytes: Uint8Array): Promise<InspectedFile> {
  const pdf = await openPdf(bytes);
  try {
    return await firstLookAtPdf(pdf);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw unprocessable("The PDF cannot be read: it may be damaged.");
  } finally {
    await pdf.loadingTask.destroy();
  }
}

async function firstLookAtPdf(pdf: Awaited<ReturnType<typeof openPdf>>): Promise<InspectedFile> {
  if (pdf.numPages > documentFileLimits.pages) {
    throw userError("payload_too_large", `The PDF has ${pdf.numPages} pages; a document may have at most ${documentFileLimits.pages}.`);
  }
  // A first look: the first pages of a scanned PDF hold no text; indexing reads the rest.
  for (let number = 1; number <= Math.min(pdf.numPages, 3); number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    if (content.items.some((item) => "str" in item && item.str.trim() !== "")) return { format: "pdf", pages: pdf.numPages };
  }
  throw unprocessable("The PDF has no text layer (a scan or images only): Mneme reads the text of a PDF and does not recognise text in images.");
}

async function inspectDocx(bytes: Uint8Array): Promise<InspectedFile> {
  let entries: Map<string, Uint8Array>;
  try {
    entries = readZipEntries(bytes, { maxBytes: documentFileLimits.docxDecompressedBytes });
  } catch (error) {
    if (!(error instanceof ZipError)) throw error;
    if (error.reason === "too_large") {
      throw userError("payload_too_large", `The Word file expands to more than ${documentFileLimits.docxDecompressedBytes / 1024 / 1024} MB when unpacked.`);
    }
    if (error.reason === "encrypted") throw unprocessable("The Word file is encrypted. Save it without a password and upload it again.");
    throw unprocessable("The file looks like a zip archive but is damaged.");
  }
  if (!entries.has("word/document.xml")) throw unsupported("a zip archive that is not a Word document");
  let text: string;
  try {
    text = await textOfDocx(entries);
  } catch {
    throw unprocessable("The Word document cannot be read: it may be damaged.");
  }
  if (text.trim() === "") throw unprocessable("The Word document is empty: it holds no text.");
  return { format: "docx", pages: null };
}

/**
 * What the uploaded bytes really are, by their signature and structure, never by the name or the
 * type the browser sent. Refuses with the reason what a first look can tell: 415 for what Mneme
 * does not read, 413 past the page or unpacked-size limits, 422 for an empty, encrypted, damaged
 * or text-less file. `name` only tells Markdown from plain text, both already known to be text.
 */
export async function inspectFile(bytes: Uint8Array, name: string): Promise<InspectedFile> {
  if (bytes.byteLength === 0) throw unprocessable("The file is empty.");
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return inspectPdf(bytes);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return inspectDocx(bytes);
  const other = nameOfOtherFormat(bytes);
  if (other) throw unsupported(other);
  const text = decodeText(bytes);
  if (text === null) throw unsupported("binary data, not UTF-8 text");
  if (text.trim() === "") throw unprocessable("The file holds only blank space.");
  return { format: /\.(md|markdown)$/i.test(name) ? "markdown" : "text", pages: null };
}
