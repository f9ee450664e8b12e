"use client";

import { useState } from "react";
import { Download } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import type { AdminOverview } from "@/lib/admin/types";
import { billingExportPath } from "@/lib/client/api";
import { describeError } from "@/lib/client/http";
import { overviewWindows, useAdminOverview } from "@/lib/client/use-admin-overview";
import { useAdminAudit } from "@/lib/client/use-admin-users";
import { AdminNav } from "./admin-nav";
import { AdminSection, EmptyState, LoadError } from "./admin-section";
import { AuditList } from "./audit-list";
import { AlertThresholdsForm } from "./alert-thresholds-form";
import { AdminSkeleton } from "./admin-skeleton";
import { AlertList, FeedbackList } from "./recent-lists";
import { RequestCards } from "./request-cards";
import { CostByModelTable, TopUsersTable } from "./usage-tables";
import { WebVitalCards } from "./web-vital-cards";
import { WindowPicker } from "./window-picker";

const windowLabelOf = (minutes: number) => overviewWindows.find((choice) => choice.minutes === minutes)?.label ?? `${minutes} min`;

function Overview({ overview }: { overview: AdminOverview }) {
  const windowLabel = windowLabelOf(overview.window.minutes);
  const hasVitals = overview.webVitals.some((vital) => vital.count > 0);
  return (
    <>
      <AdminSection title="Requests" description={`Every API request in the last ${windowLabel}, from all app processes.`}>
        <RequestCards requests={overview.requests} />
      </AdminSection>
      <AdminSection title="Top users" description="This month (UTC), by requests.">
        <TopUsersTable users={overview.topUsers} />
      </AdminSection>
      <AdminSection title="Cost by model" description="This month (UTC), settled replies.">
        <CostByModelTable models={overview.costByModel} />
      </AdminSection>
      <AdminSection title="Web vitals" description="75th percentile over the last 7 days.">
        {hasVitals ? <WebVitalCards vitals={overview.webVitals} /> : <EmptyState>No web vitals reported in the last 7 days.</EmptyState>}
      </AdminSection>
      <div className="grid gap-8 lg:grid-cols-2">
        <AdminSection title="Recent alerts">
          <AlertList alerts={overview.recentAlerts} />
        </AdminSection>
        <AdminSection title="Recent feedback">
          <FeedbackList feedback={overview.recentFeedback} />
        </AdminSection>
      </div>
      <AuditSection />
      <AdminSection title="Alert thresholds" description="What the alert rules fire on. A value set here wins over the environment until reset.">
        <AlertThresholdsForm />
      </AdminSection>
    </>
  );
}

function AuditSection() {
  const audit = useAdminAudit();
  return (
    <AdminSection title="Audit log" description="The latest admin actions, newest first. Nobody can change or delete them.">
      {audit.data ? (
        <AuditList entries={audit.data.entries} />
      ) : audit.isError ? (
        <p role="alert" className="text-sm">The audit log could not be loaded. {describeError(audit.error)}</p>
      ) : (
        <div className="h-24 animate-pulse rounded-xl bg-raised" aria-label="Loading the audit log" />
      )}
    </AdminSection>
  );
}

export function AdminView() {
  const [minutes, setMinutes] = useState<number>(overviewWindows[0].minutes);
  const query = useAdminOverview(minutes);

  function renderBody() {
    if (query.data) {
      return (
        <>
          {query.isError && <LoadError what="The overview" error={query.error} onRetry={() => void query.refetch()} />}
          <div className={query.isPlaceholderData ? "flex flex-col gap-8 opacity-60" : "flex flex-col gap-8"}>
            <Overview overview={query.data} />
          </div>
        </>
      );
    }
    if (query.isError) return <LoadError what="The overview" error={query.error} onRetry={() => void query.refetch()} />;
    return <AdminSkeleton />;
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Admin">
        <a href={billingExportPath} download className="flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm text-text-muted hover:bg-raised hover:text-text">
          <Download className="size-4" aria-hidden />
          Download usage CSV
        </a>
      </PageHeader>
      <AdminNav />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {/* Right padding from md up keeps the fixed feedback tab off the content. */}
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-8 px-4 py-6 md:pr-14 md:pl-6">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-text-muted" aria-live="polite">
              {query.isPlaceholderData ? "Loading…" : query.data ? `Updated ${new Date(query.data.window.to).toLocaleTimeString()}` : ""}
            </p>
            <WindowPicker minutes={minutes} onChange={setMinutes} />
          </div>
          {renderBody()}
        </div>
      </div>
    </div>
  );
}
