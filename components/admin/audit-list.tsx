import type { AuditEntry } from "@/lib/admin/management-types";
import { formatDateTime } from "@/lib/client/format-date";
import { EmptyState } from "./admin-section";

const actionLabels: Record<AuditEntry["action"], string> = {
  "user.plan": "changed the plan",
  "user.limits": "changed the limits",
  "user.suspend": "suspended",
  "user.reactivate": "reactivated",
  "plan.create": "created the plan",
  "plan.update": "edited the plan",
  "plan.delete": "deleted the plan",
};

/** A compact rendering of an entry's before or after: the fields that changed. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([key, field]) => `${key}: ${field === null ? "—" : typeof field === "object" ? describeValue(field) : String(field)}`)
    .join(", ");
}

/** Admin actions, newest first: who did what to whom, before and after. */
export function AuditList({ entries, showTarget = true }: { entries: AuditEntry[]; showTarget?: boolean }) {
  if (entries.length === 0) return <EmptyState>No admin actions yet.</EmptyState>;
  return (
    <ul className="divide-y divide-line rounded-xl border border-line" data-testid="audit-list">
      {entries.map((entry) => (
        <li key={entry.id} className="flex flex-col gap-1 px-3 py-2.5 text-sm">
          <p className="break-words">
            <span className="font-medium">{entry.actorEmail ?? `deleted account ${entry.actorId.slice(0, 8)}`}</span> {actionLabels[entry.action] ?? entry.action}
            {showTarget && (
              <>
                {" "}
                <span className="font-medium">
                  {entry.targetKind === "plan" ? entry.targetId : (entry.targetEmail ?? `deleted account ${entry.targetId.slice(0, 8)}`)}
                </span>
              </>
            )}
          </p>
          <p className="text-xs break-words text-text-muted">
            <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
            {entry.action !== "plan.create" && entry.action !== "plan.delete" ? ` · ${describeValue(entry.before)} → ${describeValue(entry.after)}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}
