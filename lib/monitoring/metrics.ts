import "server-only";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/**
 * The Prometheus metrics of this process. Every label comes from a bounded set (route templates
 * from the code, five methods, status classes, the configured models, the web-vital enums), so no
 * request can add a series: never label with a path, a user, an id or a message.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "API requests answered, by route template, method and status class.",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "Time to the response headers of API requests (a chat stream continues after).",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    chatMessages: new Counter({
      name: "chat_messages_total",
      help: "User messages sent to a model (one per chat turn).",
      labelNames: ["model"] as const,
      registers,
    }),
    llmRequests: new Counter({
      name: "llm_requests_total",
      help: "Model replies by how they ended: complete, stopped (client left), error.",
      labelNames: ["model", "status"] as const,
      registers,
    }),
    llmTokens: new Counter({
      name: "llm_tokens_total",
      help: "Tokens in and out of the model (reported by the provider, else estimated).",
      labelNames: ["model", "type"] as const,
      registers,
    }),
    llmCost: new Counter({
      name: "llm_cost_usd_total",
      help: "Cost of model replies in US dollars, from the price table (the usage ledger is the billing record).",
      labelNames: ["model"] as const,
      registers,
    }),
    embeddingsGenerated: new Counter({
      name: "embeddings_generated_total",
      help: "Message embeddings computed and stored by the background worker.",
      labelNames: ["model"] as const,
      registers,
    }),
    alertsFired: new Counter({
      name: "alerts_fired_total",
      help: "Alerts the app's own rules fired, by rule and webhook delivery (sent, failed, skipped).",
      labelNames: ["rule", "delivery"] as const,
      registers,
    }),
    webVitals: new Counter({
      name: "web_vitals_total",
      help: "Web-vital reports accepted from browsers, by metric and rating.",
      labelNames: ["name", "rating"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// Route bundles and the instrumentation hook each get their own copy of this module: one registry per process.
const globalKey = Symbol.for("mneme.metrics");
const store = globalThis as typeof globalThis & { [globalKey]?: Metrics };

export function metrics(): Metrics {
  store[globalKey] ??= createMetrics();
  return store[globalKey];
}

export const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

export function recordRequest({ route, method, status, seconds }: { route: string; method: string; status: number; seconds: number }) {
  const labels = { route, method, status: statusClass(status) };
  metrics().httpRequests.inc(labels);
  metrics().httpDuration.observe(labels, seconds);
}
