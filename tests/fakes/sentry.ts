import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/**
 * A stand-in for Sentry's ingest: `POST /api/<project>/envelope/` with the key in the query string
 * (or the X-Sentry-Auth header), bodies plain or gzipped, in the envelope format: a header line,
 * then per item a header line and a payload (of `length` bytes when the header says so). Answers
 * CORS, since browsers post to the DSN directly when it is not sentry.io.
 */
export interface EnvelopeItem {
  header: { type: string; length?: number; [key: string]: unknown };
  payload: unknown;
  raw: string;
}

export interface Envelope {
  project: string;
  header: Record<string, unknown>;
  items: EnvelopeItem[];
  /** The whole decoded body, for searching for strings that must not be there. */
  raw: string;
}

export interface FakeSentry {
  dsn: (project?: string) => string;
  envelopes: Envelope[];
  /** Error events (items of type `event`), in arrival order. */
  errorEvents: () => Record<string, unknown>[];
  close(): Promise<void>;
}

export const fakeSentryKey = "fakepublickey";

export function parseEnvelope(body: Buffer): Omit<Envelope, "project"> {
  const raw = body.toString("utf8");
  let offset = body.indexOf(0x0a);
  const header = JSON.parse(body.subarray(0, offset === -1 ? body.length : offset).toString("utf8")) as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  while (offset !== -1 && offset + 1 < body.length) {
    const start = offset + 1;
    const headerEnd = body.indexOf(0x0a, start);
    const itemHeader = JSON.parse(body.subarray(start, headerEnd === -1 ? body.length : headerEnd).toString("utf8")) as EnvelopeItem["header"];
    const payloadStart = headerEnd + 1;
    let payloadEnd: number;
    if (typeof itemHeader.length === "number") {
      payloadEnd = payloadStart + itemHeader.length;
      offset = body[payloadEnd] === 0x0a ? payloadEnd : -1;
    } else {
      const newline = body.indexOf(0x0a, payloadStart);
      payloadEnd = newline === -1 ? body.length : newline;
      offset = newline;
    }
    const payloadText = body.subarray(payloadStart, payloadEnd).toString("utf8");
    let payload: unknown = payloadText;
    try {
      payload = JSON.parse(payloadText);
    } catch {
      // Attachments are not JSON; keep them as text.
    }
    items.push({ header: itemHeader, payload, raw: payloadText });
  }
  return { header, items, raw };
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type, x-sentry-auth, content-encoding",
  "access-control-expose-headers": "x-sentry-rate-limits, retry-after",
};

/** Listens on a random port unless given one (the e2e web server is told its DSN before the test starts). */
export async function startFakeSentry({ port: wantedPort = 0 }: { port?: number } = {}): Promise<FakeSentry> {
  const envelopes: Envelope[] = [];
  const server = http.createServer(async (req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, corsHeaders);
      res.end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://fake");
    const match = url.pathname.match(/^\/api\/(\d+)\/envelope\/$/);
    const key = url.searchParams.get("sentry_key") ?? req.headers["x-sentry-auth"]?.toString().match(/sentry_key=(\w+)/)?.[1];
    if (req.method !== "POST" || !match || key !== fakeSentryKey) {
      res.writeHead(req.method !== "POST" || !match ? 404 : 401, corsHeaders);
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (req.headers["content-encoding"] === "gzip" || (body[0] === 0x1f && body[1] === 0x8b)) body = gunzipSync(body);
    envelopes.push({ project: match[1]!, ...parseEnvelope(body) });
    res.writeHead(200, { ...corsHeaders, "content-type": "application/json" });
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(wantedPort, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    dsn: (project = "1") => `http://${fakeSentryKey}@127.0.0.1:${port}/${project}`,
    envelopes,
    errorEvents: () =>
      envelopes.flatMap((envelope) => envelope.items.filter((item) => item.header.type === "event").map((item) => item.payload as Record<string, unknown>)),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
