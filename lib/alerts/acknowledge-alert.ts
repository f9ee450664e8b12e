import "server-only";
import { acknowledgeAlertEvent } from "@/lib/db/queries/alerts";
import { withService } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/monitoring/logger";
import type { AcknowledgedAlert } from "./types";

const toIso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * An admin has seen the alert: its key does not fire again until a later evaluation finds the
 * condition gone (lib/alerts/run-alerts.ts). Acknowledging twice keeps the first.
 */
export async function acknowledgeAlert(user: { id: string; isAdmin: boolean }, id: string): Promise<AcknowledgedAlert> {
  if (!user.isAdmin) throw new AppError("forbidden", "alert acknowledged by a non-admin");
  const row = await withService("admin.alerts", (tx) => acknowledgeAlertEvent(tx, { id, adminId: user.id }));
  if (!row) throw new AppError("not_found");
  logger.info({ adminId: user.id, alertId: id, rule: row.rule }, "alerts: acknowledged");
  return {
    id: row.id,
    rule: row.rule,
    severity: row.severity as AcknowledgedAlert["severity"],
    summary: row.summary,
    firedAt: toIso(row.fired_at)!,
    delivery: row.delivery as AcknowledgedAlert["delivery"],
    acknowledged: true,
    acknowledgedAt: toIso(row.acknowledged_at)!,
    acknowledgedBy: row.acknowledged_by,
    clearedAt: toIso(row.cleared_at),
  };
}
