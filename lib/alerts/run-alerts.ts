import "server-only";
import { clearAcknowledgedAlerts, hasFiredSince, insertAlertEvent, isAcknowledgedUncleared, lockAlerts, setAlertDelivery } from "@/lib/db/queries/alerts";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { logger } from "@/lib/monitoring/logger";
import { metrics } from "@/lib/monitoring/metrics";
import { flushRequestStats } from "@/lib/monitoring/request-stats";
import { evaluateRules } from "./rules";
import type { AlertThresholds } from "./threshold-types";
import { getAlertThresholds } from "./thresholds";
import { alertRules, type AlertCandidate, type AlertRule, type FiredAlert } from "./types";
import { deliverAlert } from "./webhook";

type Recorded = Omit<FiredAlert, "delivery">;

// When the database is down the cooldown cannot be read from it: this process remembers instead,
// so an outage pages once per cooldown rather than every minute.
const globalKey = Symbol.for("mneme.alerts.fallback-cooldown");
const holder = globalThis as typeof globalThis & { [globalKey]?: Map<string, number> };
const firedInProcess = () => (holder[globalKey] ??= new Map());

const cooldownStart = (candidate: AlertCandidate, now: Date, thresholds: AlertThresholds) =>
  candidate.repeat === "once" ? null : new Date(now.getTime() - thresholds.cooldownMinutes * 60_000);

/**
 * Under a lock, so two evaluators never both fire one: clears the acknowledged alerts whose
 * condition is gone, then records the candidates that are out of cooldown and not acknowledged.
 */
async function recordFiring(
  { candidates, failed }: { candidates: AlertCandidate[]; failed: AlertRule[] },
  now: Date,
  thresholds: AlertThresholds,
): Promise<Recorded[]> {
  return withService("monitoring.alerts", async (tx) => {
    await lockAlerts(tx);
    const evaluated = alertRules.filter((rule) => !failed.includes(rule));
    await clearAcknowledgedAlerts(tx, { rules: evaluated, firingKeys: candidates.map((candidate) => candidate.key) });
    const recorded: Recorded[] = [];
    for (const candidate of candidates) {
      if (await hasFiredSince(tx, { key: candidate.key, since: cooldownStart(candidate, now, thresholds) })) continue;
      if (await isAcknowledgedUncleared(tx, { key: candidate.key })) continue;
      const { id, firedAt } = await insertAlertEvent(tx, { ...candidate, delivery: env().ALERT_WEBHOOK_URL ? "pending" : "skipped" });
      recorded.push({ id, rule: candidate.rule, severity: candidate.severity, summary: candidate.summary, details: candidate.details, firedAt: firedAt.toISOString() });
    }
    return recorded;
  });
}

function recordInProcess(candidates: AlertCandidate[], now: Date, thresholds: AlertThresholds): Recorded[] {
  const fired = firedInProcess();
  return candidates.flatMap((candidate) => {
    const last = fired.get(candidate.key);
    const since = cooldownStart(candidate, now, thresholds);
    if (last !== undefined && (since === null || last >= since.getTime())) return [];
    fired.set(candidate.key, now.getTime());
    return [{ id: null, rule: candidate.rule, severity: candidate.severity, summary: candidate.summary, details: candidate.details, firedAt: now.toISOString() }];
  });
}

/**
 * Evaluates every alert rule, records what fires (each key at most once per cooldown, or once per
 * period for budget alerts, and not while an admin's acknowledgement stands, that is until the
 * condition has cleared) and posts each to ALERT_WEBHOOK_URL. Run by `GET /api/cron/alerts`
 * (Vercel cron) and every minute by the local worker; safe to run from both at once.
 */
export async function runAlerts(now = new Date()): Promise<{ fired: FiredAlert[]; failed: AlertRule[] }> {
  // This process's latest request figures, so the rules see the last seconds too.
  await flushRequestStats().catch((error: unknown) => logger.warn({ err: error }, "alerts: could not flush request stats"));
  let read: Promise<AlertThresholds> | undefined;
  const readThresholds = () => (read ??= getAlertThresholds());
  const { candidates, failed } = await evaluateRules(now, readThresholds);
  const thresholds = await readThresholds();

  let recorded: Recorded[];
  try {
    recorded = await recordFiring({ candidates, failed }, now, thresholds);
  } catch (error) {
    if (candidates.length === 0) return { fired: [], failed };
    logger.error({ err: error }, "alerts: could not record alerts; using this process's cooldown");
    recorded = recordInProcess(candidates, now, thresholds);
  }

  const fired: FiredAlert[] = [];
  for (const alert of recorded) {
    const delivery = await deliverAlert(alert);
    if (alert.id && delivery !== "skipped") {
      const id = alert.id;
      await withService("monitoring.alerts", (tx) => setAlertDelivery(tx, { id, delivery })).catch((error: unknown) =>
        logger.warn({ err: error }, "alerts: could not record the delivery"),
      );
    }
    metrics().alertsFired.inc({ rule: alert.rule, delivery });
    logger.warn({ rule: alert.rule, severity: alert.severity, delivery }, `alert fired: ${alert.summary}`);
    fired.push({ ...alert, delivery });
  }
  return { fired, failed };
}
