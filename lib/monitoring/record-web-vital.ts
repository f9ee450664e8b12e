import "server-only";
import { sql } from "drizzle-orm";
import { withService } from "@/lib/db/transaction";
import { hitRateLimits, throwIfLimited, type RateLimitRule } from "@/lib/usage/rate-limit";
import { metrics } from "./metrics";
import type { WebVitalReport } from "./web-vital-types";

/**
 * A page load reports five vitals, a few more when INP and CLS update. One address can be a whole
 * office behind NAT: this allows about a hundred page loads a minute from it, and stops floods.
 */
export const webVitalsPerAddress: RateLimitRule = { limit: 600, windowSeconds: 60 };

/** Stores one validated web-vital report from a browser; rate limited per client address. */
export async function recordWebVital(report: WebVitalReport, { clientAddress }: { clientAddress: string }): Promise<void> {
  throwIfLimited(await hitRateLimits([{ key: `vitals:address:${clientAddress}`, rule: webVitalsPerAddress }]), "Too many web-vital reports.");
  await withService("vitals.record", (tx) =>
    tx.execute(sql`insert into public.web_vitals (name, value, rating, metric_id, page)
                   values (${report.name}, ${report.value}, ${report.rating}, ${report.id}, ${report.page})`),
  );
  metrics().webVitals.inc({ name: report.name, rating: report.rating });
}
