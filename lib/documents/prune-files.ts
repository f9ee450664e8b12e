import "server-only";
import { listStoredPaths } from "@/lib/db/queries/documents";
import { withServiceStatement } from "@/lib/db/transaction";
import { pruneOrphanDocumentFiles } from "./storage";

/**
 * Removes stored files that no document names any more: rows also leave by cascade (a chat's
 * "this chat only" documents with the chat), where no code of ours sees them go. Part of the
 * periodic maintenance; `minAgeMs` spares a file whose row is being written.
 */
export const pruneDocumentFiles = (options?: { minAgeMs?: number }): Promise<number> =>
  pruneOrphanDocumentFiles((storagePaths) => withServiceStatement("documents.files", (db) => listStoredPaths(db, { storagePaths })), options);
