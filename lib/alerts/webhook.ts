import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/monitoring/logger";
import type { FiredAlert } from "./types";

const severityIcon = { info: ":information_source:", warning: ":warning:", critical: ":rotating_light:" } as const;

/**
 * A Slack incoming-webhook message (also accepted by Mattermost, Rocket.Chat, Discord's `/slack`
 * endpoint and most chat tools): `text` for notifications and plain receivers, `blocks` for layout.
 */
export function slackMessage(alert: Omit<FiredAlert, "delivery">) {
  const title = `${severityIcon[alert.severity]} Mneme alert: ${alert.rule} (${alert.severity})`;
  const facts = Object.entries(alert.details)
    .map(([name, value]) => `*${name}*: ${value ?? "n/a"}`)
    .join("\n");
  return {
    text: `${title}\n${alert.summary}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.replace(/^:\w+: /, ""), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: alert.summary } },
      { type: "section", text: { type: "mrkdwn", text: facts || "_no details_" } },
      { type: "context", elements: [{ type: "mrkdwn", text: `Fired ${alert.firedAt} · Mneme ${env().APP_VERSION}` }] },
    ],
  };
}

/** Posts to ALERT_WEBHOOK_URL; `skipped` without one. Never logs the URL: it is a credential. */
export async function deliverAlert(alert: Omit<FiredAlert, "delivery">): Promise<FiredAlert["delivery"]> {
  const url = env().ALERT_WEBHOOK_URL;
  if (!url) return "skipped";
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(slackMessage(alert)),
      signal: AbortSignal.timeout(5000),
    });
    if (response.ok) return "sent";
    logger.warn({ status: response.status, rule: alert.rule }, "alerts: webhook refused the alert");
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), rule: alert.rule }, "alerts: webhook unreachable");
  }
  return "failed";
}
