import { afterAll, afterEach, describe, expect, it } from "vitest";

const { openChangeStream, maxStreamsPerUser } = await import("@/lib/realtime/change-stream");
const { closeDb } = await import("@/lib/db/client");

const alice = { id: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" };
const open: AbortController[] = [];
afterEach(() => open.splice(0).forEach((controller) => controller.abort()));
afterAll(() => closeDb());

const valid = async () => true;

async function openStream(options: Parameters<typeof openChangeStream>[2] = { isSessionValid: valid }) {
  const controller = new AbortController();
  open.push(controller);
  const stream = await openChangeStream(alice, controller.signal, options);
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const ended = (async () => {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
  })();
  return { controller, ended, text: () => text };
}

const settle = <T>(promise: Promise<T>) => promise.then(() => "open", (error: { code?: string; retryAfterSeconds?: number }) => `${error.code} ${error.retryAfterSeconds}`);

describe("openChangeStream", () => {
  it("admits 5 of Alice's 20 concurrent streams, refuses the rest with rate_limited and Retry-After, and admits again once one closes", async () => {
    const attempts = Array.from({ length: 20 }, () => {
      const controller = new AbortController();
      open.push(controller);
      return openChangeStream(alice, controller.signal, { isSessionValid: valid });
    });
    const outcomes = await Promise.all(attempts.map(settle));
    expect(outcomes.filter((outcome) => outcome === "open")).toHaveLength(maxStreamsPerUser);
    expect(outcomes.filter((outcome) => outcome !== "open")).toEqual(Array(20 - maxStreamsPerUser).fill("rate_limited 30"));

    await expect(settle(openStream())).resolves.toBe("rate_limited 30");
    open.find((_, index) => outcomes[index] === "open")!.abort();
    await expect(settle(openStream())).resolves.toBe("open");
  });

  it("closes when the heartbeat finds the session gone (signed out or account deleted), and frees its slot", async () => {
    let isValid = true;
    const stream = await openStream({ isSessionValid: async () => isValid, heartbeatMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect(stream.text()).toContain(": heartbeat");
    isValid = false;
    await stream.ended;
    expect(stream.text()).toMatch(/^retry: 2000\n\nevent: ready\ndata: \{\}\n\n/);
    for (let index = 0; index < maxStreamsPerUser; index += 1) await openStream();
  });

  it("closes after its lifetime, so the browser reconnects", async () => {
    const started = Date.now();
    const stream = await openStream({ isSessionValid: valid, lifetimeMs: 100 });
    await stream.ended;
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    for (let index = 0; index < maxStreamsPerUser; index += 1) await openStream();
  });
});
