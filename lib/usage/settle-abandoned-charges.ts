import "server-only";
import { listModels } from "@/lib/ai/models";
import { settleAbandonedChargesOlderThan } from "@/lib/db/queries/usage/settlement";
import { withService } from "@/lib/db/transaction";

/**
 * A turn that is still reserved this long after it began was abandoned by a process that died:
 * the chat route's maxDuration is 300 s, and this leaves three times that.
 */
export const abandonedChargeAfterSeconds = 15 * 60;

/**
 * Settles or releases chat charges whose turn died with its process, so they stop holding the
 * user's budget at their maximum (see settleAbandonedChargesOlderThan for what each becomes). Safe
 * to run from several processes at once; meant to run every few minutes. The local mode also does
 * this at start (lib/boot.ts), for every reservation the previous process left.
 */
export async function settleAbandonedCharges({ olderThanSeconds = abandonedChargeAfterSeconds } = {}) {
  return withService("usage.charge", (tx) => settleAbandonedChargesOlderThan(tx, { olderThanSeconds, prices: listModels() }));
}

