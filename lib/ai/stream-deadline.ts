import "server-only";
import { ProviderError, type StreamEvent } from "./types";

export interface StreamDeadlines {
  /** Longest wait for the next event, the first one included. */
  idleMs: number;
  /** Longest the whole reply may take. */
  totalMs: number;
}

/**
 * A provider's reply with deadlines. A model that hangs (it stops sending, never answers, or
 * trickles on) would otherwise keep the reply `streaming` until the platform kills the function,
 * and nothing of it would be stored. When a deadline passes, the provider's request is aborted
 * and a ProviderError is thrown, whether or not the provider honours the abort. `signal` is the
 * caller's own abort (the client leaving), passed on as it is.
 */
export async function* streamWithinDeadlines(
  start: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  { idleMs, totalMs }: StreamDeadlines,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  const expired = new AbortController();
  const iterator = start(AbortSignal.any([signal, expired.signal]))[Symbol.asyncIterator]();
  const endsAt = performance.now() + totalMs;
  for (;;) {
    const left = endsAt - performance.now();
    const wait = Math.min(idleMs, left);
    const reason = () => new ProviderError(wait < idleMs ? `the reply took longer than ${totalMs} ms` : `the model sent nothing for ${idleMs} ms`);
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = reason();
        expired.abort(error);
        reject(error);
      }, Math.max(0, wait));
    });
    let next: IteratorResult<StreamEvent>;
    try {
      next = await Promise.race([iterator.next(), expiry]);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) return;
    yield next.value;
  }
}
