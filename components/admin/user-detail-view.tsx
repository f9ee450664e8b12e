"use client";

import Link from "next/link";
import { ArrowLeft, Star, ThumbsDown, ThumbsUp } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { UsageChart } from "@/components/settings/usage-chart";
import { primaryButtonClass } from "@/components/ui/button-styles";
import type { AdminUserDetail } from "@/lib/admin/management-types";
import { formatDateTime, formatDay } from "@/lib/client/format-date";
import { ApiError, describeError } from "@/lib/client/http";
import { useAdminPlans, useAdminUser } from "@/lib/client/use-admin-users";
import { AdminSection, EmptyState, formatCount, formatUsd } from "./admin-section";
import { AdminNav } from "./admin-nav";
import { AuditList } from "./audit-list";
import { StatusBadge } from "./status-badge";
import { CostByModelTable } from "./usage-tables";
import { LimitsForm, PlanForm, StatusAction } from "./user-actions";

function FeedbackItems({ feedback }: { feedback: AdminUserDetail["feedback"] }) {
  if (feedback.length === 0) return <EmptyState>No feedback from them.</EmptyState>;
  return (
    <ul className="divide-y divide-line rounded-xl border border-line">
      {feedback.map((item) => {
        const Icon = item.kind === "rating" ? Star : item.vote === "down" ? ThumbsDown : ThumbsUp;
        return (
          <li key={item.id} className="flex flex-col gap-1 px-3 py-2.5">
            <div className="flex flex-wrap items-center gap-x-2 text-xs text-text-muted">
              <span className="inline-flex items-center gap-1 font-medium text-text">
                <Icon className="size-3.5" aria-hidden />
                {item.kind === "rating" ? `${item.rating}/5` : item.vote === "down" ? "Bad reply" : "Good reply"}
              </span>
              {item.model && <span className="font-mono">{item.model}</span>}
              {item.page && <span className="font-mono">{item.page}</span>}
              <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
            </div>
            {item.comment ? <p className="text-sm break-words whitespace-pre-line">{item.comment}</p> : <p className="text-sm text-text-muted">No comment</p>}
          </li>
        );
      })}
    </ul>
  );
}

function Alerts({ alerts }: { alerts: AdminUserDetail["alerts"] }) {
  if (alerts.length === 0) return <EmptyState>No alerts about them.</EmptyState>;
  return (
    <ul className="divide-y divide-line rounded-xl border border-line">
      {alerts.map((alert) => (
        <li key={alert.id} className="flex flex-col gap-1 px-3 py-2.5">
          <p className="text-xs text-text-muted">
            <span className="font-medium capitalize">{alert.severity}</span> · <span className="font-mono">{alert.rule}</span> · <time dateTime={alert.firedAt}>{formatDateTime(alert.firedAt)}</time>
          </p>
          <p className="text-sm break-words">{alert.summary}</p>
        </li>
      ))}
    </ul>
  );
}

function Summary({ user }: { user: AdminUserDetail }) {
  const limits = user.effectiveLimits;
  const cards: [string, string][] = [
    ["Requests this month", formatCount(user.month.requests)],
    ["Tokens this month", formatCount(user.month.inputTokens + user.month.outputTokens)],
    ["Cost this month", formatUsd(user.month.costUsd)],
    ["Budget used", `${Math.round(user.budgetUsedFraction * 100)}%`],
  ];
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 className="min-w-0 text-lg font-semibold break-all">{user.email}</h2>
        <StatusBadge status={user.status} />
      </div>
      <p className="text-sm text-text-muted">
        {user.planName} plan{user.limits ? " with limits of their own" : ""} · joined {formatDay(user.createdAt)} · {user.lastActiveAt ? `last active ${formatDateTime(user.lastActiveAt)}` : "never active"}
      </p>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {cards.map(([term, value]) => (
          <div key={term} className="rounded-xl border border-line p-3">
            <dt className="text-xs text-text-muted">{term}</dt>
            <dd className="text-lg font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-text-muted" data-testid="admin-effective-limits">
        Holds now: {limits.apiRequestsPerMinute} API requests and {limits.chatRequestsPerMinute} chat messages a minute;{" "}
        {limits.monthlyRequests === null ? "no monthly message limit" : `${formatCount(limits.monthlyRequests)} chat messages a month`};{" "}
        {limits.monthlyBudgetUsd === null ? "no monthly budget" : `a budget of ${formatUsd(limits.monthlyBudgetUsd)} a month`};{" "}
        {limits.models ? `models: ${limits.models.join(", ")}` : "every model"}.
      </p>
    </div>
  );
}

export function UserDetailView({ id, currentUserId }: { id: string; currentUserId: string }) {
  const query = useAdminUser(id);
  const plans = useAdminPlans();
  const user = query.data;

  function renderBody() {
    if (query.isError) {
      const missing = query.error instanceof ApiError && query.error.status === 404;
      return (
        <div role="alert" className="flex flex-col items-start gap-3 rounded-xl border border-line p-4">
          <p className="text-sm">{missing ? "There is no such user: the account may have been deleted." : `The user could not be loaded. ${describeError(query.error)}`}</p>
          {!missing && (
            <button type="button" onClick={() => void query.refetch()} className={primaryButtonClass}>
              Try again
            </button>
          )}
        </div>
      );
    }
    if (!user) return <div className="h-96 animate-pulse rounded-xl bg-raised" aria-label="Loading the user" />;
    return (
      <>
        <Summary user={user} />
        <AdminSection title="Usage" description="Requests per day over the last 30 UTC days.">
          <UsageChart daily={user.daily} />
        </AdminSection>
        <AdminSection title="By model" description="Settled replies over the last 30 days.">
          <CostByModelTable models={user.byModel} />
        </AdminSection>
        <AdminSection title="Actions" description="Each change holds from their next request and is written to the audit log.">
          <div className="grid gap-6 rounded-xl border border-line p-4 lg:grid-cols-2">
            <div className="flex flex-col gap-6">
              {plans.data ? <PlanForm user={user} plans={plans.data.plans} /> : plans.isError ? <p role="alert" className="text-sm">The plans could not be loaded. {describeError(plans.error)}</p> : <div className="h-16 animate-pulse rounded-lg bg-raised" />}
              <StatusAction user={user} isSelf={user.id === currentUserId} />
            </div>
            <LimitsForm user={user} />
          </div>
        </AdminSection>
        <div className="grid gap-8 lg:grid-cols-2">
          <AdminSection title="Alerts">
            <Alerts alerts={user.alerts} />
          </AdminSection>
          <AdminSection title="Feedback" description="Ratings and votes; never the text of their messages.">
            <FeedbackItems feedback={user.feedback} />
          </AdminSection>
        </div>
        <AdminSection title="Audit log" description="Admin actions on this account, newest first.">
          <AuditList entries={user.audit} showTarget={false} />
        </AdminSection>
      </>
    );
  }

  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col">
      <PageHeader title={user ? user.email : "User"} />
      <AdminNav />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-8 px-4 py-6 md:pr-14 md:pl-6">
          <Link href="/admin/users" className="inline-flex w-fit items-center gap-1 text-sm text-text-muted hover:text-text">
            <ArrowLeft className="size-4" aria-hidden />
            All users
          </Link>
          {renderBody()}
        </div>
      </div>
    </div>
  );
}
