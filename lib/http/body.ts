import "server-only";
import type { z } from "zod";
import { AppError, userError } from "@/lib/errors";

export const defaultBodyLimitBytes = 64 * 1024;

/** The raw body, refused with 413 as soon as it passes `limitBytes` (declared or streamed). */
export async function readBytes(request: Request, { limitBytes = defaultBodyLimitBytes } = {}): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw tooLarge(limitBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (limitBytes: number) =>
  userError("payload_too_large", `The request body is larger than ${Math.round(limitBytes / 1024)} KiB.`);

/** Explains the first few problems in words a client developer can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * Reads a JSON body: size limit (413), JSON content type (415), well-formed JSON and the schema
 * (400). An absent body is read as `{}` so routes whose fields are all optional accept it.
 * `allowTextPlain` is for beacon routes only (`navigator.sendBeacon` sends strings as text/plain).
 */
export async function readJson<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  { limitBytes = defaultBodyLimitBytes, allowTextPlain = false } = {},
): Promise<z.infer<Schema>> {
  const text = new TextDecoder().decode(await readBytes(request, { limitBytes }));
  let value: unknown = {};
  if (text.trim() !== "") {
    const contentType = request.headers.get("content-type") ?? "";
    const isJson = /^application\/([\w.+-]+\+)?json\b/i.test(contentType);
    if (!isJson && !(allowTextPlain && /^text\/plain\b/i.test(contentType))) {
      throw new AppError("unsupported_media_type");
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw userError("invalid_input", "The body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw userError("invalid_input", describeIssues(parsed.error));
  return parsed.data;
}

export function readQuery<Schema extends z.ZodType>(request: Request, schema: Schema): z.infer<Schema> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw userError("invalid_input", describeIssues(parsed.error));
  return parsed.data;
}

/** Route params that fail their schema name nothing that can exist: 404, as for a missing row. */
export function readParams<Schema extends z.ZodType>(params: unknown, schema: Schema): z.infer<Schema> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new AppError("not_found");
  return parsed.data;
}

/**
 * Reads a `multipart/form-data` body: size limit (413, before it is parsed), the content type
 * (415) and a well-formed form (400).
 */
export async function readMultipart(request: Request, { limitBytes }: { limitBytes: number }): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw userError("unsupported_media_type", "Send the file as multipart/form-data.");
  }
  const bytes = await readBytes(request, { limitBytes });
  try {
    return await new Response(new Uint8Array(bytes), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw userError("invalid_input", "The body is not a well-formed multipart form.");
  }
}
