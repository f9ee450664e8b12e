import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * Runs the production build (`next build` output) in this test process, on a random port, so
 * route tests speak real HTTP to the real handlers and can still read the same embedded database
 * (the app keeps it on globalThis). Set the environment before calling: it is read once.
 */
export async function startAppServer(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  // React and Next pick their production builds from NODE_ENV at load time.
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: path.resolve(import.meta.dirname, "../.."), quiet: true });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
