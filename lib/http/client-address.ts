import "server-only";
import { isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The one address every caller shares when no proxy is trusted. `next start` writes
 * X-Forwarded-For from the socket only when the client sent none, so a client's own header cannot
 * be told from Next's: believing either would let anyone pick a fresh address per request.
 */
export const untrustedAddress = "untrusted";

/**
 * The caller's address for per-address limits: the entry the nearest trusted proxy appended to
 * X-Forwarded-For, TRUSTED_PROXY_HOPS from the right; whatever the client wrote before it is
 * ignored. IPv6 callers are counted by their /64, the prefix one subscriber gets.
 */
export function clientAddressOf(request: { headers: Pick<Headers, "get"> }): string {
  const hops = env().TRUSTED_PROXY_HOPS;
  if (hops === 0) return untrustedAddress;
  const entries = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than hops: the farthest address a trusted proxy recorded.
  const entry = entries[Math.max(0, entries.length - hops)];
  return (entry && addressKey(entry)) || untrustedAddress;
}

function addressKey(entry: string): string | null {
  const address = withoutPort(entry).split("%")[0]!;
  if (isIP(address) === 4) return address;
  if (isIP(address) !== 6) return null;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (mapped) return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  return `${formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}

function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  return /^[\d.]+:\d+$/.test(entry) ? entry.slice(0, entry.lastIndexOf(":")) : entry;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing IPv4 part folded in). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const tail: number[] = [];
  const ipv4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (ipv4) {
    const [a, b, c, d] = ipv4.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, -ipv4[0].length);
    if (text.endsWith(":") && !text.endsWith("::")) text = text.slice(0, -1);
  }
  const parse = (part: string) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const [left, right] = text.includes("::") ? text.split("::") : [text, null];
  const head = parse(left!);
  const rest = right === null ? [] : parse(right!);
  const zeros = right === null ? 0 : 8 - head.length - rest.length - tail.length;
  return [...head, ...new Array<number>(zeros).fill(0), ...rest, ...tail];
}

/** RFC 5952: lower case, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: number[]): string {
  let best = { start: -1, length: 1 };
  for (let start = 0; start < groups.length; start++) {
    let length = 0;
    while (groups[start + length] === 0) length++;
    if (length > best.length) best = { start, length };
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start === -1) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}
