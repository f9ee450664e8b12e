import type { AdminOverview } from "@/lib/admin/types";
import { EmptyState, formatCount, formatUsd, ScrollTable, tdClass, thClass } from "./admin-section";

export function TopUsersTable({ users }: { users: AdminOverview["topUsers"] }) {
  if (users.length === 0) return <EmptyState>No usage this month yet.</EmptyState>;
  return (
    <ScrollTable label="Top users" minWidthClass="min-w-[20rem]">
      <thead className="bg-panel text-left text-xs text-text-muted">
        <tr>
          <th scope="col" className={thClass}>User</th>
          <th scope="col" className={`${thClass} text-right`}>Requests</th>
          <th scope="col" className={`${thClass} text-right`}>Cost</th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <tr key={user.userId} className="border-t border-line">
            <td className={`${tdClass} max-w-44 truncate sm:max-w-none`} title={`${user.email} (${user.userId})`}>
              {user.email}
            </td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatCount(user.requests)}</td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatUsd(user.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

export function CostByModelTable({ models }: { models: AdminOverview["costByModel"] }) {
  if (models.length === 0) return <EmptyState>No model replies this month yet.</EmptyState>;
  return (
    <ScrollTable label="Cost by model" minWidthClass="min-w-[32rem]">
      <thead className="bg-panel text-left text-xs text-text-muted">
        <tr>
          <th scope="col" className={thClass}>Model</th>
          <th scope="col" className={`${thClass} text-right`}>Replies</th>
          <th scope="col" className={`${thClass} text-right`}>Input tokens</th>
          <th scope="col" className={`${thClass} text-right`}>Output tokens</th>
          <th scope="col" className={`${thClass} text-right`}>Cost</th>
        </tr>
      </thead>
      <tbody>
        {models.map((row) => (
          <tr key={row.model} className="border-t border-line">
            <td className={tdClass}>{row.model}</td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatCount(row.requests)}</td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatCount(row.inputTokens)}</td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatCount(row.outputTokens)}</td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatUsd(row.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
