import { browserSentryConfigElementId, type BrowserSentryConfig, type BrowserSentrySdk } from "./browser-sentry-types";

/**
 * The browser's Sentry, started after the page is up. Its SDK was the largest piece of script that
 * every page ran before it answered input (`npm run bench:lighthouse`), so it loads as a chunk of
 * its own once the page has loaded and the browser is idle. Until then errors wait in a queue and
 * are sent once it runs; breadcrumbs start when it does. Everything in the browser reaches Sentry
 * through this module, never by importing `@sentry/nextjs`, which would put the SDK back into the
 * page's first script.
 */
type SdkTask = (sdk: BrowserSentrySdk) => void;

type State = { status: "starting"; queue: SdkTask[] } | { status: "ready"; sdk: BrowserSentrySdk } | { status: "off" };

let state: State = { status: "starting", queue: [] };

/** Runs `task` with the SDK once it has started; dropped when Sentry is off for this deployment. */
function withSentry(task: SdkTask): void {
  if (state.status === "ready") task(state.sdk);
  else if (state.status === "starting") state.queue.push(task);
}

export function captureBrowserException(error: unknown): void {
  withSentry((sdk) => sdk.captureException(error));
}

export function setBrowserSentryUser(user: { id: string } | null): void {
  withSentry((sdk) => sdk.setUser(user));
}

// Errors the page throws before the SDK runs, sent as the SDK's own global handlers would have.
function queueUncaughtError(event: ErrorEvent): void {
  const error: unknown = event.error ?? event.message;
  withSentry((sdk) => sdk.captureException(error, { mechanism: { type: "auto.browser.global_handlers.onerror", handled: false } }));
}

function queueUnhandledRejection(event: PromiseRejectionEvent): void {
  const reason: unknown = event.reason;
  withSentry((sdk) => sdk.captureException(reason, { mechanism: { type: "auto.browser.global_handlers.onunhandledrejection", handled: false } }));
}

function stopQueueingUncaught(): void {
  window.removeEventListener("error", queueUncaughtError);
  window.removeEventListener("unhandledrejection", queueUnhandledRejection);
}

function readConfig(): BrowserSentryConfig | null {
  const text = document.getElementById(browserSentryConfigElementId)?.textContent;
  return text ? (JSON.parse(text) as BrowserSentryConfig) : null;
}

async function load(config: BrowserSentryConfig): Promise<void> {
  const { initBrowserSentry } = await import("./browser-sentry-init");
  // Evaluating the chunk and starting the SDK are two tasks, not one long one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const sdk = initBrowserSentry(config);
  // The SDK's own handlers catch from here on.
  stopQueueingUncaught();
  const queue = state.status === "starting" ? state.queue : [];
  state = { status: "ready", sdk };
  for (const task of queue) task(sdk);
}

function whenPageIsUp(run: () => void): void {
  const whenIdle = () => (typeof requestIdleCallback === "function" ? requestIdleCallback(run, { timeout: 2000 }) : setTimeout(run, 0));
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
}

function start(): void {
  const config = readConfig();
  if (!config) {
    state = { status: "off" };
    return;
  }
  window.addEventListener("error", queueUncaughtError);
  window.addEventListener("unhandledrejection", queueUnhandledRejection);
  whenPageIsUp(() => {
    load(config).catch(() => {
      // The chunk could not load (offline, a deploy replaced it): the page works on without Sentry.
      stopQueueingUncaught();
      state = { status: "off" };
    });
  });
}

/** Called once from `instrumentation-client.ts`, before the page hydrates. */
export function startBrowserSentry(): void {
  // The root layout renders the config into the page; this script may run before the parser reaches it.
  if (document.readyState === "loading" && !document.getElementById(browserSentryConfigElementId)) {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
}
