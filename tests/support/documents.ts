import { expect } from "vitest";
import type { Person } from "./client";

export interface UploadedDocument {
  id: string;
  name: string;
  mimeType: string;
  bytes: number;
  pages: number | null;
  status: "queued" | "indexing" | "ready" | "error";
  progress: number;
  error: string | null;
  scope: "memory" | "chat";
  chatId: string | null;
  createdAt: string;
  uploadedAt: string | null;
}

/** POST /api/documents as a browser sends a file: a multipart form, with a type the server must not trust. */
export async function uploadFile(
  baseUrl: string,
  person: Person | null,
  { bytes, name, type = "application/octet-stream", fields = {} }: { bytes: Uint8Array; name: string; type?: string; fields?: Record<string, string> },
) {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], name, { type }));
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  const response = await fetch(`${baseUrl}/api/documents`, { method: "POST", body: form, headers: person ? { cookie: person.cookie } : {} });
  const text = await response.text();
  const json = response.headers.get("content-type")?.includes("application/json") && text ? JSON.parse(text) : null;
  return { status: response.status, headers: response.headers, text, json };
}

/** Polls the document until indexing has ended, either way. */
export async function waitForIndexing(
  call: (path: string, options: { as: Person }) => Promise<{ status: number; json: { document: UploadedDocument } }>,
  person: Person,
  id: string,
  { timeoutMs = 20_000 } = {},
): Promise<UploadedDocument> {
  const started = Date.now();
  for (;;) {
    const response = await call(`/api/documents/${id}`, { as: person });
    expect(response.status).toBe(200);
    const { document } = response.json;
    if (document.status === "ready" || document.status === "error") return document;
    if (Date.now() - started > timeoutMs) throw new Error(`document ${id} still ${document.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
