import { setTimeout as sleep } from "node:timers/promises";

/**
 * Rate limits count in fixed windows aligned to the epoch (private.hit_rate_limit): every 15
 * minutes, and on the hour. A test that counts hits up to a limit fails when a window turns over
 * midway, so it starts only with `needMs` left before the next quarter hour, waiting for it if not.
 */
export async function clearOfWindowEdge(needMs = 30_000): Promise<void> {
  const quarterMs = 15 * 60_000;
  const leftMs = quarterMs - (Date.now() % quarterMs);
  if (leftMs < needMs) await sleep(leftMs + 250);
}
