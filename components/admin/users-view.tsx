"use client";

import Link from "next/link";
import { useState } from "react";
import { ArrowDown, ArrowUp, Search } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import type { AdminUser, AdminUserSortKey } from "@/lib/admin/management-types";
import { cn } from "@/lib/client/cn";
import { formatDay } from "@/lib/client/format-date";
import { useAdminUserList } from "@/lib/client/use-admin-users";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { EmptyState, formatCount, formatUsd, LoadError, ScrollTable, tdClass, thClass } from "./admin-section";
import { AdminNav } from "./admin-nav";
import { StatusBadge } from "./status-badge";

const columns: { key: AdminUserSortKey; label: string; numeric?: boolean }[] = [
  { key: "email", label: "Email" },
  { key: "createdAt", label: "Joined" },
  { key: "lastActiveAt", label: "Last active" },
  { key: "plan", label: "Plan" },
  { key: "requests", label: "Requests", numeric: true },
  { key: "inputTokens", label: "Input tokens", numeric: true },
  { key: "outputTokens", label: "Output tokens", numeric: true },
  { key: "costUsd", label: "Cost", numeric: true },
  { key: "budgetUsedFraction", label: "Budget used", numeric: true },
  { key: "status", label: "Status" },
];

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

function SortHeader({ column, sort, onSort }: { column: (typeof columns)[number]; sort: string; onSort: (sort: string) => void }) {
  const active = sort.replace(/^-/, "") === column.key;
  const descending = sort.startsWith("-");
  const Arrow = descending ? ArrowDown : ArrowUp;
  return (
    <th scope="col" aria-sort={active ? (descending ? "descending" : "ascending") : "none"} className={cn(thClass, column.numeric && "text-right")}>
      <button
        type="button"
        // A new column starts with its most telling end: numbers and dates biggest and newest first.
        onClick={() => onSort(active ? (descending ? column.key : `-${column.key}`) : column.numeric || column.key.endsWith("At") ? `-${column.key}` : column.key)}
        className={cn("inline-flex items-center gap-1 rounded hover:text-text", active && "font-medium text-text")}
      >
        {column.label}
        {active && <Arrow className="size-3" aria-hidden />}
      </button>
    </th>
  );
}

function UserRow({ user }: { user: AdminUser }) {
  return (
    <tr className="border-t border-line">
      <td className={cn(tdClass, "max-w-56 truncate")}>
        <Link href={`/admin/users/${user.id}`} className="font-medium underline-offset-2 hover:underline" title={user.email}>
          {user.email}
        </Link>
      </td>
      <td className={tdClass}>{formatDay(user.createdAt)}</td>
      <td className={tdClass}>{user.lastActiveAt ? formatDay(user.lastActiveAt) : <span className="text-text-muted">Never</span>}</td>
      <td className={tdClass}>
        {user.planName}
        {user.limits && <span className="ml-1 text-xs text-text-muted">(own limits)</span>}
      </td>
      <td className={cn(tdClass, "text-right tabular-nums")}>{formatCount(user.month.requests)}</td>
      <td className={cn(tdClass, "text-right tabular-nums")}>{formatCount(user.month.inputTokens)}</td>
      <td className={cn(tdClass, "text-right tabular-nums")}>{formatCount(user.month.outputTokens)}</td>
      <td className={cn(tdClass, "text-right tabular-nums")}>{formatUsd(user.month.costUsd)}</td>
      <td className={cn(tdClass, "text-right tabular-nums", user.budgetUsedFraction >= 0.9 && "text-danger")}>{percent(user.budgetUsedFraction)}</td>
      <td className={tdClass}>
        <StatusBadge status={user.status} />
      </td>
    </tr>
  );
}

export function UsersView() {
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 250);
  const [sort, setSort] = useState("-createdAt");
  // Cursors of the pages visited: going back is the one before.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const query = useAdminUserList(q, sort, cursor);
  const restart = () => setCursors([null]);

  function renderTable() {
    if (!query.data) {
      if (query.isError) return null;
      return <div className="h-64 animate-pulse rounded-xl bg-raised" aria-label="Loading users" />;
    }
    if (query.data.users.length === 0) return <EmptyState>{q ? `No user's email contains "${q}".` : "No users yet."}</EmptyState>;
    return (
      <div className={cn("min-w-0", query.isPlaceholderData && "opacity-60")}>
        <ScrollTable label="Users" minWidthClass="min-w-[64rem]">
          <thead className="bg-panel text-left text-xs text-text-muted">
            <tr>
              {columns.map((column) => (
                <SortHeader key={column.key} column={column} sort={sort} onSort={(next) => { setSort(next); restart(); }} />
              ))}
            </tr>
          </thead>
          <tbody>
            {query.data.users.map((user) => (
              <UserRow key={user.id} user={user} />
            ))}
          </tbody>
        </ScrollTable>
      </div>
    );
  }

  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col">
      <PageHeader title="Users" />
      <AdminNav />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 px-4 py-6 md:pr-14 md:pl-6">
          <p className="text-sm text-text-muted">This month&apos;s figures are UTC. Budget used is the larger of the month&apos;s chat requests and spend against their limits.</p>
          <label className="relative block max-w-md">
            <span className="sr-only">Search by email</span>
            <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-text-muted" aria-hidden />
            <input
              type="search"
              value={search}
              onChange={(event) => { setSearch(event.target.value); restart(); }}
              placeholder="Search by email"
              maxLength={200}
              className="w-full rounded-lg border border-line bg-page py-2 pr-3 pl-9 text-sm outline-none focus:border-ring"
            />
          </label>
          {query.isError && (
            <LoadError what="The users" error={query.error} onRetry={() => void query.refetch()} />
          )}
          {renderTable()}
          {(cursors.length > 1 || query.data?.nextCursor) && (
            <div className="flex items-center justify-between gap-3">
              <button
                type="button"
                disabled={cursors.length === 1}
                onClick={() => setCursors((list) => list.slice(0, -1))}
                className="rounded-lg border border-line px-3 py-1.5 text-sm hover:bg-raised disabled:opacity-50"
              >
                Previous page
              </button>
              <span className="text-sm text-text-muted">Page {cursors.length}</span>
              <button
                type="button"
                disabled={!query.data?.nextCursor || query.isPlaceholderData}
                onClick={() => query.data?.nextCursor && setCursors((list) => [...list, query.data.nextCursor])}
                className="rounded-lg border border-line px-3 py-1.5 text-sm hover:bg-raised disabled:opacity-50"
              >
                Next page
              </button>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
