const encoder = new TextEncoder();

/** One Server-Sent Event; `data` is JSON on a single line, as the spec allows. */
export function encodeEvent(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  connection: "keep-alive",
  // Stops proxies such as nginx from buffering the stream.
  "x-accel-buffering": "no",
};
