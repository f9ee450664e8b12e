const encoder = new TextEncoder();

/** One Server-Sent Event; `data` is JSON on a single line, as the spec allows. */
export function encodeEvent(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** A comment line: ignored by clients, it keeps idle connections open through proxies. */
export function encodeComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/** How long a browser's EventSource waits before reconnecting after the stream drops. */
export function encodeRetry(milliseconds: number): Uint8Array {
  return encoder.encode(`retry: ${Math.round(milliseconds)}\n\n`);
}

export const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  connection: "keep-alive",
  // Stops proxies such as nginx from buffering the stream.
  "x-accel-buffering": "no",
};
