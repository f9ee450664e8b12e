import "server-only";
import { env } from "@/lib/env";
import { AppError, userError } from "@/lib/errors";
import { hitRateLimits, throwIfLimited, type RateLimitRule } from "@/lib/usage/rate-limit";
import { logger } from "./logger";

/** A page that fails in a loop sends a few envelopes a second; an office behind NAT is one address. */
export const sentryTunnelPerAddress: RateLimitRule = { limit: 300, windowSeconds: 60 };

/** Browser envelopes carry an event or a session, never attachments or replays: far below this. */
export const sentryEnvelopeLimitBytes = 256 * 1024;

export interface ForwardedEnvelope {
  status: number;
  headers: Headers;
}

/** `https://<key>@<host>[/<prefix>]/<project>` → the ingest's envelope endpoint, authenticated by the public key. */
function envelopeEndpoint(dsn: URL): URL {
  const segments = dsn.pathname.split("/").filter(Boolean);
  const projectId = segments.pop();
  const endpoint = new URL(`${dsn.protocol}//${dsn.host}/${[...segments, "api", projectId, "envelope"].join("/")}/`);
  endpoint.searchParams.set("sentry_key", dsn.username);
  endpoint.searchParams.set("sentry_version", "7");
  return endpoint;
}

const sameProject = (a: URL, b: URL) =>
  a.host === b.host && a.username === b.username && a.pathname.replace(/\/+$/, "") === b.pathname.replace(/\/+$/, "");

function envelopeDsn(body: Buffer): URL | null {
  const newline = body.indexOf(0x0a);
  try {
    const header = JSON.parse(body.subarray(0, newline === -1 ? body.length : newline).toString("utf8")) as { dsn?: unknown };
    return typeof header.dsn === "string" && URL.canParse(header.dsn) ? new URL(header.dsn) : null;
  } catch {
    return null;
  }
}

/**
 * Passes a browser's envelope on to the ingest of SENTRY_DSN (sentry.io or self-hosted alike), so
 * ad blockers that drop requests to Sentry's hosts don't drop our error reports. Only envelopes for
 * our own project are forwarded: this is not an open relay.
 */
export async function forwardSentryEnvelope(body: Buffer, { clientAddress }: { clientAddress: string }): Promise<ForwardedEnvelope> {
  const configured = env().SENTRY_DSN;
  if (!configured) throw new AppError("not_found", "browser envelope while Sentry is off");
  const dsn = envelopeDsn(body);
  if (!dsn || !sameProject(dsn, new URL(configured))) throw userError("invalid_input", "Not an envelope for this site's Sentry project.");
  throwIfLimited(await hitRateLimits([{ key: `sentry-tunnel:address:${clientAddress}`, rule: sentryTunnelPerAddress }]), "Too many error reports.");

  let upstream: Response;
  try {
    upstream = await fetch(envelopeEndpoint(new URL(configured)), {
      method: "POST",
      body: new Uint8Array(body),
      headers: { "content-type": "application/x-sentry-envelope" },
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    // Not an error of ours to report: the report would go to the ingest that just failed.
    logger.warn({ err: error }, "sentry tunnel: ingest unreachable");
    return { status: 503, headers: new Headers({ "retry-after": "60" }) };
  }
  await upstream.body?.cancel();
  const headers = new Headers();
  for (const name of ["x-sentry-rate-limits", "retry-after"]) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return { status: upstream.status, headers };
}
