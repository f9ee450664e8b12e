"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import { useState, type ReactNode } from "react";
import { PageHeader } from "@/components/page-header";
import { isoWeekOf, lastFullWeek, parseIsoWeek, weekBefore } from "@/lib/admin/iso-week";
import type { Compared, ReportSpend, WeeklyReport } from "@/lib/admin/report-types";
import { getWeeklyReport, weeklyReportExportPath } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { queryKeys } from "@/lib/client/query-keys";
import { AdminSection, EmptyState, formatCount, formatUsd, LoadError, ScrollTable, tdClass, thClass } from "./admin-section";
import { AdminNav } from "./admin-nav";

const formatDay = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const formatRate = (fraction: number) => `${(fraction * 100).toFixed(2)} %`;

/** The change from the week before, worded; `higherIsBetter` colours it. */
function Change({ now, then, higherIsBetter }: { now: number | null; then: number | null; higherIsBetter?: boolean }) {
  if (now === null || then === null) return <span className="text-text-muted">no figure the week before</span>;
  if (now === then) return <span className="text-text-muted">same as the week before</span>;
  if (then === 0) return <span className="text-text-muted">none the week before</span>;
  const percent = Math.round(((now - then) / Math.abs(then)) * 100);
  const better = higherIsBetter === undefined ? null : now > then === higherIsBetter;
  return (
    <span className={cn(better === true && "text-emerald-700 dark:text-emerald-400", better === false && "text-danger", better === null && "text-text-muted")}>
      {percent > 0 ? "+" : ""}
      {percent} % on the week before
    </span>
  );
}

function Figure({ label, value, previous, change }: { label: string; value: string; previous: string; change: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1 rounded-xl border border-line p-3">
      <p className="text-xs text-text-muted">{label}</p>
      <p className="text-xl font-semibold tabular-nums">{value}</p>
      <p className="text-xs text-text-muted">Week before: {previous}</p>
      <p className="text-xs">{change}</p>
    </div>
  );
}

function Figures({ report }: { report: WeeklyReport }) {
  const { totals, requests, feedback } = report;
  const rating = (value: number | null) => (value === null ? "none" : `${value.toFixed(2)} / 5`);
  const ms = (value: number | null) => (value === null ? "none" : `${Math.round(value)} ms`);
  return (
    <div className="grid grid-cols-1 gap-3 min-[420px]:grid-cols-2 lg:grid-cols-4" data-testid="report-figures">
      <Figure label="Model spend" value={formatUsd(totals.current.costUsd)} previous={formatUsd(totals.previous.costUsd)} change={<Change now={totals.current.costUsd} then={totals.previous.costUsd} />} />
      <Figure
        label={`Error rate (${formatCount(requests.current.total)} requests)`}
        value={formatRate(requests.current.errorRate)}
        previous={formatRate(requests.previous.errorRate)}
        change={<Change now={requests.current.errorRate} then={requests.previous.errorRate} higherIsBetter={false} />}
      />
      <Figure label="p95 latency (chat streams left out)" value={ms(requests.current.p95Ms)} previous={ms(requests.previous.p95Ms)} change={<Change now={requests.current.p95Ms} then={requests.previous.p95Ms} higherIsBetter={false} />} />
      <Figure
        label={`Average rating (${formatCount(feedback.current.ratings)} ratings)`}
        value={rating(feedback.current.averageRating)}
        previous={rating(feedback.previous.averageRating)}
        change={
          <>
            <Change now={feedback.current.averageRating} then={feedback.previous.averageRating} higherIsBetter />
            <span className="mt-0.5 block text-text-muted">
              Votes: {feedback.current.upVotes} good, {feedback.current.downVotes} bad (week before {feedback.previous.upVotes} / {feedback.previous.downVotes})
            </span>
          </>
        }
      />
    </div>
  );
}

/** A spend table: one row per model, plan or person, this week beside the week before. */
function SpendTable<Row extends Compared<ReportSpend>>({ label, nameHeader, rows, nameOf, empty }: { label: string; nameHeader: string; rows: Row[]; nameOf: (row: Row) => string; empty: string }) {
  if (rows.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <ScrollTable label={label} minWidthClass="min-w-[34rem]">
      <thead className="bg-panel text-left text-xs text-text-muted">
        <tr>
          <th scope="col" className={thClass}>{nameHeader}</th>
          <th scope="col" className={`${thClass} text-right`}>Replies</th>
          <th scope="col" className={`${thClass} text-right`}>Tokens in / out</th>
          <th scope="col" className={`${thClass} text-right`}>Cost</th>
          <th scope="col" className={`${thClass} text-right`}>Week before</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={nameOf(row)} className="border-t border-line">
            <td className={`${tdClass} max-w-52 truncate sm:max-w-none`} title={nameOf(row)}>
              {nameOf(row)}
            </td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatCount(row.current.requests)}</td>
            <td className={`${tdClass} text-right tabular-nums`}>
              {formatCount(row.current.inputTokens)} / {formatCount(row.current.outputTokens)}
            </td>
            <td className={`${tdClass} text-right tabular-nums`}>{formatUsd(row.current.costUsd)}</td>
            <td className={`${tdClass} text-right text-text-muted tabular-nums`}>{formatUsd(row.previous.costUsd)}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}

function Report({ report }: { report: WeeklyReport }) {
  return (
    <>
      <Figures report={report} />
      <AdminSection title="Spend by model" description="Settled replies in the week.">
        <SpendTable label="Spend by model" nameHeader="Model" rows={report.spendByModel} nameOf={(row) => row.model} empty="No replies were charged in either week." />
      </AdminSection>
      <AdminSection title="Spend by plan" description="By each person's plan today.">
        <SpendTable label="Spend by plan" nameHeader="Plan" rows={report.spendByPlan} nameOf={(row) => row.plan} empty="No replies were charged in either week." />
      </AdminSection>
      <AdminSection title="Top users by cost" description="The week's ten dearest people, beside what they spent the week before.">
        <SpendTable label="Top users by cost" nameHeader="User" rows={report.topUsers} nameOf={(row) => row.email} empty="Nobody was charged this week." />
      </AdminSection>
    </>
  );
}

function WeekPicker({ week, onChange }: { week: string; onChange: (week: string) => void }) {
  const parsed = parseIsoWeek(week)!;
  const latest = isoWeekOf(new Date());
  const isLatest = parsed.start >= latest.start;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" onClick={() => onChange(weekBefore(parsed).id)} className="inline-flex items-center gap-1 rounded-lg border border-line px-2 py-1.5 text-sm hover:bg-raised">
        <ChevronLeft className="size-4" aria-hidden />
        Previous week
      </button>
      <label className="flex items-center gap-2 text-sm text-text-muted">
        <span className="sr-only">Week</span>
        <input
          type="week"
          value={week}
          max={latest.id}
          onChange={(event) => parseIsoWeek(event.target.value) && onChange(event.target.value)}
          className="rounded-lg border border-line bg-page px-2.5 py-1.5 text-sm text-text"
        />
      </label>
      <button type="button" disabled={isLatest} onClick={() => onChange(weekBefore(parsed, -1).id)} className="inline-flex items-center gap-1 rounded-lg border border-line px-2 py-1.5 text-sm hover:bg-raised disabled:opacity-50">
        Next week
        <ChevronRight className="size-4" aria-hidden />
      </button>
    </div>
  );
}

/** The weekly report: spend, errors, latency and feedback of a week beside the week before. */
export function WeeklyReportView() {
  const [week, setWeek] = useState(() => lastFullWeek(new Date()).id);
  const report = useQuery({
    queryKey: queryKeys.weeklyReport(week),
    queryFn: ({ signal }) => getWeeklyReport(week, signal),
    placeholderData: keepPreviousData,
  });

  function renderBody() {
    if (report.isError && !report.data) {
      return (
        <LoadError what="The report" error={report.error} onRetry={() => void report.refetch()} />
      );
    }
    if (!report.data) {
      return (
        <div role="status" aria-busy="true" aria-label="Loading the report" className="flex flex-col gap-6">
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            {[0, 1, 2, 3].map((index) => (
              <div key={index} className="h-28 animate-pulse rounded-xl bg-raised" />
            ))}
          </div>
          <div className="h-40 animate-pulse rounded-xl bg-raised" />
        </div>
      );
    }
    return (
      <div className={cn("flex flex-col gap-8", report.isPlaceholderData && "opacity-60")}>
        <Report report={report.data} />
      </div>
    );
  }

  const shown = report.data;
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Weekly report">
        <a href={weeklyReportExportPath(week)} download className="flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm text-text-muted hover:bg-raised hover:text-text">
          <Download className="size-4" aria-hidden />
          <span className="hidden sm:inline">Download CSV</span>
          <span className="sm:hidden">CSV</span>
        </a>
      </PageHeader>
      <AdminNav />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-4 py-6 md:pr-14 md:pl-6">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-text-muted" aria-live="polite">
              {shown ? `${shown.week.id}: ${formatDay(shown.week.from)} to ${formatDay(new Date(Date.parse(shown.week.to) - 1).toISOString())} (UTC), beside ${shown.previousWeek.id}` : "Loading…"}
            </p>
            <WeekPicker week={week} onChange={setWeek} />
          </div>
          {renderBody()}
        </div>
      </div>
    </div>
  );
}
