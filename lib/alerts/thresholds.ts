import "server-only";
import { listAlertSettings, saveAlertSettings } from "@/lib/db/queries/alerts";
import { withService } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import { alertThresholdNames, alertThresholdSpecs, type AlertThresholdName, type AlertThresholds, type AlertThresholdSetting } from "./threshold-types";

/** The thresholds the environment gives (ALERT_* variables, or their defaults). */
export function defaultAlertThresholds(): AlertThresholds {
  const config = env();
  return {
    dailyCostUsd: config.ALERT_DAILY_COST_USD,
    errorRatePercent: 5,
    p95LatencyMs: config.ALERT_P95_LATENCY_MS,
    minRequests: config.ALERT_MIN_REQUESTS,
    cooldownMinutes: config.ALERT_COOLDOWN_MINUTES,
  };
}

const isName = (name: string): name is AlertThresholdName => (alertThresholdNames as readonly string[]).includes(name);

async function readSettings(): Promise<AlertThresholdSetting[]> {
  const defaults = defaultAlertThresholds();
  const rows = await withService("monitoring.alerts", listAlertSettings);
  return alertThresholdNames.map((name) => {
    const row = rows.find((setting) => setting.name === name && isName(setting.name));
    return {
      name,
      ...alertThresholdSpecs[name],
      value: row ? Number(row.value) : defaults[name],
      defaultValue: defaults[name],
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
      updatedBy: row?.updated_by ?? null,
    };
  });
}

/**
 * The thresholds the rules use: an admin's value where one was set, else the environment's. When
 * the database cannot be read the environment's apply, so the health rule can still fire.
 */
export async function getAlertThresholds(): Promise<AlertThresholds> {
  try {
    const settings = await readSettings();
    return Object.fromEntries(settings.map((setting) => [setting.name, setting.value])) as AlertThresholds;
  } catch (error) {
    logger.warn({ err: error }, "alerts: thresholds could not be read; using the environment's");
    return defaultAlertThresholds();
  }
}

export async function listAlertThresholdSettings(user: { isAdmin: boolean }): Promise<{ thresholds: AlertThresholdSetting[] }> {
  if (!user.isAdmin) throw new AppError("forbidden", "alert thresholds by a non-admin");
  return { thresholds: await readSettings() };
}

/** Sets (a number) or resets to the default (null) the named thresholds; keeps who changed them and when. */
export async function updateAlertThresholds(
  user: { id: string; isAdmin: boolean },
  values: Partial<Record<AlertThresholdName, number | null>>,
): Promise<{ thresholds: AlertThresholdSetting[] }> {
  if (!user.isAdmin) throw new AppError("forbidden", "alert thresholds changed by a non-admin");
  const changes = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Record<string, number | null>;
  await withService("admin.alerts", (tx) => saveAlertSettings(tx, { values: changes, adminId: user.id }));
  logger.info({ adminId: user.id, changes }, "alerts: thresholds changed");
  return { thresholds: await readSettings() };
}
