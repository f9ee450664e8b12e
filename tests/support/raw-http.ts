import net from "node:net";

export interface RawRequest {
  method: string;
  /** The request target as sent on the request line, unnormalised (`/api/chats/%zz?limit=x`). */
  target: string;
  /** Sent in order, as latin1 bytes; repeated names are sent repeatedly. */
  headers: [string, string][];
  body?: Buffer;
  /** Sent instead of the body's length; `null` sends none at all. */
  contentLength?: string | null;
  /** Sends the body in chunked transfer coding (no content-length): only a streamed limit can stop it. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  /** The answer was cut short on purpose (an event stream that does not end). */
  truncated: boolean;
  /**
   * The connection closed before the answer's end (short of its content-length, or chunks without
   * the last one). Node's server closes on a request body nobody read (a GET's, say) and may cut a
   * long answer it is still writing.
   */
  incomplete: boolean;
}

/**
 * One HTTP/1.1 exchange over a fresh TCP connection, bytes exactly as given: what fetch refuses to
 * send (a content-length that lies, a GET with a body, obs-text in header values, a target that
 * is not a valid URL) an attacker can. An event stream is read for `streamMs` and then cut.
 */
export function sendRaw(
  baseUrl: string,
  request: RawRequest,
  { timeoutMs = 15_000, streamMs = 50 }: { timeoutMs?: number; streamMs?: number } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = request.body ?? Buffer.alloc(0);
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `host: ${hostname}:${port}`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  const length = request.contentLength === undefined ? (body.length > 0 ? String(body.length) : null) : request.contentLength;
  if (request.chunked) lines.push("transfer-encoding: chunked");
  else if (length !== null) lines.push(`content-length: ${length}`);
  lines.push("connection: close", "", "");
  const head = Buffer.from(lines.join("\r\n"), "latin1");
  const payload = request.chunked ? encodeChunked(body) : body;

  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let truncated = false;
    let streamTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms to ${request.method} ${request.target.slice(0, 200)}`));
    }, timeoutMs);
    socket.on("connect", () => socket.write(Buffer.concat([head, payload])));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (streamTimer) return;
      const received = Buffer.concat(chunks);
      const headEnd = received.indexOf("\r\n\r\n");
      if (headEnd !== -1 && /\r\ncontent-type:\s*text\/event-stream/i.test(received.subarray(0, headEnd).toString("latin1"))) {
        streamTimer = setTimeout(() => {
          truncated = true;
          socket.destroy();
        }, streamMs);
      }
    });
    // The server may close before reading a body it refused: what it answered is still the answer.
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (chunks.length === 0) {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on("close", () => {
      clearTimeout(timer);
      clearTimeout(streamTimer);
      try {
        resolve({ ...parseResponse(Buffer.concat(chunks)), truncated });
      } catch (error) {
        reject(error);
      }
    });
  });
}

function encodeChunked(body: Buffer, size = 16 * 1024): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += size) {
    const chunk = body.subarray(offset, offset + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`, "latin1"), chunk, Buffer.from("\r\n", "latin1"));
  }
  parts.push(Buffer.from("0\r\n\r\n", "latin1"));
  return Buffer.concat(parts);
}

function parseResponse(raw: Buffer): Omit<RawResponse, "truncated"> {
  const headEnd = raw.indexOf("\r\n\r\n");
  if (headEnd === -1) throw new Error(`not an HTTP answer: ${JSON.stringify(raw.toString("latin1").slice(0, 200))}`);
  const [statusLine, ...headerLines] = raw.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(statusLine?.match(/^HTTP\/1\.[01] (\d{3})/)?.[1]);
  if (!status) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  const headers = new Headers();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const rest = raw.subarray(headEnd + 4);
  const declared = headers.get("content-length");
  const { body, complete } = /chunked/i.test(headers.get("transfer-encoding") ?? "")
    ? decodeChunked(rest)
    : declared
      ? { body: rest.subarray(0, Number(declared)), complete: rest.length >= Number(declared) }
      : { body: rest, complete: true };
  return { status, headers, body, text: body.toString("utf8"), incomplete: !complete };
}

/** Chunked transfer coding; a stream cut mid-chunk keeps what arrived. */
function decodeChunked(data: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", offset);
    if (lineEnd === -1) return { body: Buffer.concat(parts), complete: false };
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString("latin1"), 16);
    if (size === 0) return { body: Buffer.concat(parts), complete: true };
    if (!Number.isFinite(size) || lineEnd + 2 + size > data.length) return { body: Buffer.concat([...parts, data.subarray(lineEnd + 2, lineEnd + 2 + size)]), complete: false };
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}
