import "server-only";
import { countRequest } from "@/lib/db/queries/usage/counter";
import { withServiceStatement } from "@/lib/db/transaction";
import type { RouteGroup } from "./limits";

export const statusClassOf = (status: number) => `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx`;

/** Counts an admitted request once, in `usage_requests` by user, UTC day, route group and status class. */
export async function countAdmittedRequest({ user, group, status }: { user: { id: string }; group: RouteGroup; status: number }): Promise<void> {
  await withServiceStatement("usage.meter", (db) => countRequest(db, { userId: user.id, routeGroup: group, statusClass: statusClassOf(status) }));
}
