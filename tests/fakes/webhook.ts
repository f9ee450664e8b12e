import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Slack-compatible incoming webhook: `POST /` with a JSON body that must carry `text` (Slack
 * answers 400 `no_text` otherwise), answering 200 `ok`. `failWith` makes it answer an error status.
 */
export interface SlackMessage {
  text: string;
  blocks?: { type: string; [key: string]: unknown }[];
}

export interface FakeWebhook {
  url: string;
  messages: SlackMessage[];
  failWith: number | null;
  close(): Promise<void>;
}

export async function startFakeWebhook(): Promise<FakeWebhook> {
  const state = { messages: [] as SlackMessage[], failWith: null as number | null };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method !== "POST" || !request.headers["content-type"]?.startsWith("application/json")) {
        response.writeHead(400).end("invalid_payload");
        return;
      }
      if (state.failWith) {
        response.writeHead(state.failWith).end("internal_error");
        return;
      }
      let body: SlackMessage;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as SlackMessage;
      } catch {
        response.writeHead(400).end("invalid_payload");
        return;
      }
      if (typeof body.text !== "string" || body.text.length === 0) {
        response.writeHead(400).end("no_text");
        return;
      }
      state.messages.push(body);
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`;
  return {
    url,
    get messages() {
      return state.messages;
    },
    get failWith() {
      return state.failWith;
    },
    set failWith(status: number | null) {
      state.failWith = status;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
