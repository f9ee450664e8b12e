import "server-only";
import { applyUneditedPlanDefaults } from "@/lib/db/queries/plans";
import { withServiceStatement } from "@/lib/db/transaction";
import { limitsForPlan, seededPlanIds } from "./limits";

/**
 * At start-up (lib/boot.ts): the RATE_LIMIT_* and PLAN_FREE_* variables are the seed's defaults,
 * so they are written into the seeded plans until an admin edits one; from then on the database
 * wins. A start-up with other values than the last one's changes the unedited plans for every
 * process of the deployment.
 */
export async function applyPlanDefaults(): Promise<void> {
  const plans = seededPlanIds.map((id) => {
    const limits = limitsForPlan(id);
    return {
      id,
      apiRequestsPerMinute: limits.apiRequestsPerMinute,
      chatRequestsPerMinute: limits.chatRequestsPerMinute,
      monthlyRequests: limits.monthlyChatRequests,
      monthlyBudgetMicroUsd: limits.monthlyBudgetMicroUsd,
    };
  });
  await withServiceStatement("usage.plan-defaults", (db) => applyUneditedPlanDefaults(db, { plans }));
}
