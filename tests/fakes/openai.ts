import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for the OpenAI API that speaks its wire format: `POST /v1/chat/completions` with
 * `stream: true` answers Server-Sent Events of `chat.completion.chunk` objects, a usage chunk when
 * `stream_options.include_usage` is set, and `data: [DONE]`. `POST /v1/embeddings` answers deterministic 1536-dimension vectors
 * of the input's words, in the API's list format.
 */
export interface FakeBehavior {
  /** The reply's tokens; by default a few words that echo the last user message. */
  tokens?: string[];
  tokenDelayMs?: number;
  /** Answer with this HTTP status and an OpenAI error body instead of a stream. */
  failWithStatus?: number;
  /** Destroy the connection after this many tokens, with no finish and no [DONE]. */
  breakAfterTokens?: number;
  /** Send this many tokens, then nothing more, keeping the connection open: a provider that hangs. */
  hangAfterTokens?: number;
  /** Accept the request and never answer it, not even with headers. */
  neverAnswer?: boolean;
  /** Answer this many `/v1/embeddings` requests with a 500 first (Infinity: all of them). */
  embeddingFailures?: number;
  /** Answer embeddings of this length, as a server running another embedding model would. */
  embeddingDimensions?: number;
}

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    temperature?: number;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    max_completion_tokens?: number;
  };
}

export interface FakeOpenAI {
  baseURL: string;
  behavior: FakeBehavior;
  /** Per-request behaviour chosen from the last user message; overrides `behavior` when set. */
  behaviorFor?: (lastUserMessage: string) => FakeBehavior;
  requests: RecordedRequest[];
  embeddingRequests: { input: string[]; model: string }[];
  /** Chat completion requests whose connection is still open (a hung reply the client has not given up). */
  openRequests: () => number;
  close(): Promise<void>;
}

const embeddingDimensions = 1536;

/** Words hashed into a normalised vector: same text, same vector; shared words, closer vectors. */
function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(embeddingDimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let hash = 2166136261;
    for (const char of word) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    vector[(hash >>> 0) % embeddingDimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function answerEmbeddings(fake: FakeOpenAI, raw: string, res: http.ServerResponse) {
  const body = JSON.parse(raw) as { input: string | string[]; model: string };
  const input = Array.isArray(body.input) ? body.input : [body.input];
  fake.embeddingRequests.push({ input, model: body.model });
  if ((fake.behavior.embeddingFailures ?? 0) > 0) {
    fake.behavior.embeddingFailures! -= 1;
    res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "The fake embeddings endpoint failed on purpose", type: "server_error", code: null } }));
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      object: "list",
      data: input.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text).slice(0, fake.behavior.embeddingDimensions) })),
      model: body.model,
      usage: { prompt_tokens: input.join(" ").length, total_tokens: input.join(" ").length },
    }),
  );
}

const defaultTokens = (lastUserMessage: string) => ["Echo", ":", " ", ...lastUserMessage.split(/(\s+)/).filter(Boolean)];

function chunk(model: string, delta: object, finishReason: string | null) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

export async function startFakeOpenAI(behavior: FakeBehavior = {}, port = 0): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let open = 0;
  const fake = { behavior, requests, embeddingRequests: [], openRequests: () => open } as unknown as FakeOpenAI;

  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const part of req) raw += part;
    if (req.method === "POST" && req.url === "/v1/embeddings") {
      answerEmbeddings(fake, raw, res);
      return;
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "Unknown path", type: "invalid_request_error" } }));
      return;
    }
    const body = JSON.parse(raw) as RecordedRequest["body"];
    requests.push({ path: req.url, authorization: req.headers.authorization, body });
    open += 1;
    res.once("close", () => (open -= 1));
    const lastUser = [...body.messages].reverse().find((message) => message.role === "user")?.content ?? "";
    const { tokens, tokenDelayMs = 0, failWithStatus, breakAfterTokens, hangAfterTokens, neverAnswer } = fake.behaviorFor?.(lastUser) ?? fake.behavior;
    if (neverAnswer) return;

    if (failWithStatus) {
      res.writeHead(failWithStatus, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "The fake upstream failed on purpose", type: "server_error", code: null } }));
      return;
    }

    const reply = tokens ?? defaultTokens(lastUser);
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (data: unknown) => res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);

    send(chunk(body.model, { role: "assistant", content: "" }, null));
    for (const [index, token] of reply.entries()) {
      if (hangAfterTokens !== undefined && index === hangAfterTokens) return;
      if (breakAfterTokens !== undefined && index === breakAfterTokens) {
        // Let what was written reach the client first, as when a real upstream dies mid-reply.
        await new Promise((resolve) => setTimeout(resolve, 50));
        res.destroy();
        return;
      }
      if (tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, tokenDelayMs));
      if (res.destroyed) return;
      send(chunk(body.model, { content: token }, null));
    }
    send(chunk(body.model, {}, "stop"));
    if (body.stream_options?.include_usage) {
      const promptTokens = body.messages.reduce((sum, message) => sum + Math.ceil(message.content.length / 4), 0);
      send({
        id: "chatcmpl-fake",
        object: "chat.completion.chunk",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [],
        usage: { prompt_tokens: promptTokens, completion_tokens: reply.length, total_tokens: promptTokens + reply.length },
      });
    }
    send("[DONE]");
    res.end();
  });

  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  fake.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
