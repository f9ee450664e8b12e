import "server-only";
import { endDeadReplies } from "@/lib/chat/end-dead-replies";
import { pruneDocumentFiles } from "@/lib/documents/prune-files";
import { pruneUnfinishedUploads } from "@/lib/documents/uploads";
import { pruneRequestStats } from "@/lib/monitoring/request-stats";
import { pruneRequestStatsHourly, rollUpRequestStatsHourly } from "@/lib/monitoring/request-stats-hourly";
import { pruneRateLimitWindows } from "@/lib/usage/rate-limit";
import { settleAbandonedCharges } from "@/lib/usage/settle-abandoned-charges";
import { pruneDoneJobs } from "./queue";

export interface MaintenanceResult {
  /** Replies left `streaming` by a writer that died, ended as `error` with their charges settled. */
  deadReplies: { ended: number };
  /** Abandoned reservations settled to what their reply stored, or released when it never started. */
  abandonedCharges: { settled: number; released: number };
  /** Rate-limit windows over for every rule, deleted (a bounded number per run). */
  rateLimitWindows: { pruned: number };
  /** Documents whose signed upload was never finished, gone once its URL expired. */
  unfinishedUploads: { removed: number };
  /** Stored files whose document is gone (its chat or account was deleted, its upload unfinished). */
  documentFiles: { pruned: number };
}

/**
 * The periodic chores: end replies a dead writer left `streaming` and settle chat charges abandoned
 * by a dead process (so they stop holding a budget), and drop finished jobs, roll the request figures up by the hour (kept six weeks), drop old ones and rate-limit windows no rule counts any
 * more. Every few minutes, from the local worker or `GET /api/cron/maintenance` (Vercel Cron);
 * safe from several processes at once.
 */
export async function runMaintenance(): Promise<MaintenanceResult> {
  // Dead replies first: their charges are settled with them, to the text they saved.
  const deadReplies = await endDeadReplies();
  const abandonedCharges = await settleAbandonedCharges();
  await pruneDoneJobs();
  // The hours are rolled up before the minute rows they come from can be pruned.
  await rollUpRequestStatsHourly();
  await pruneRequestStats();
  await pruneRequestStatsHourly();
  const pruned = await pruneRateLimitWindows();
  // Unfinished uploads before the files: a file that came for one is then named by no document.
  const unfinishedUploads = await pruneUnfinishedUploads();
  const documentFiles = await pruneDocumentFiles();
  return { deadReplies, abandonedCharges, rateLimitWindows: { pruned }, unfinishedUploads: { removed: unfinishedUploads }, documentFiles: { pruned: documentFiles } };
}
