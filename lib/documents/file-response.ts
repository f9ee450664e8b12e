import { downloadContentSecurityPolicy } from "@/lib/http/static-headers.mjs";
import type { DocumentInfo } from "./types";

/**
 * Headers that serve an uploaded file as a download and never as a page of our origin: a file
 * is whatever its uploader made it, so it must not render, sniff into HTML, or run script.
 */
export function attachmentHeaders(document: Pick<DocumentInfo, "name" | "mimeType" | "bytes">): Record<string, string> {
  const fallback = document.name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  // RFC 5987's attr-char leaves out what encodeURIComponent keeps: ' ( ) * !
  const encoded = encodeURIComponent(document.name).replace(/['()*!]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return {
    "content-type": document.mimeType.startsWith("text/") ? `${document.mimeType}; charset=utf-8` : document.mimeType,
    "content-length": String(document.bytes),
    "content-disposition": `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": downloadContentSecurityPolicy,
    "cache-control": "private, no-store",
    "cross-origin-resource-policy": "same-origin",
  };
}
