"use client";

import { UsageBanner } from "@/components/usage/usage-banner";
import { describeError } from "@/lib/client/http";
import { useUsage } from "@/lib/client/use-usage";
import { SettingsSection } from "./settings-section";
import { UsageChart } from "./usage-chart";

const usd = (value: number) => `$${value.toFixed(value < 1 ? 4 : 2)}`;

/** `limit` null is no limit (no bar); 0 allows nothing (a full bar). */
function Meter({ label, used, limit, format }: { label: string; used: number; limit: number | null; format: (value: number) => string }) {
  const fraction = limit === null ? 0 : limit > 0 ? Math.min(1, used / limit) : 1;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span className="text-text-muted">
          {limit === null ? `${format(used)}, no limit` : `${format(used)} of ${format(limit)}`}
        </span>
      </div>
      {limit !== null && (
        <div
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
          className="h-2 w-full overflow-hidden rounded-full bg-raised"
        >
          <div className={`h-full rounded-full ${fraction >= 0.9 ? "bg-danger-solid" : "bg-accent"}`} style={{ width: `${Math.max(fraction * 100, fraction > 0 ? 1 : 0)}%` }} />
        </div>
      )}
    </div>
  );
}

export function UsageSection() {
  const usage = useUsage();
  const report = usage.data;
  return (
    <div id="usage">
      <SettingsSection title="Usage" description="This month, in UTC days. Deleting chats does not change what was counted.">
        {usage.isError && (
          <p role="alert" className="text-sm">
            Usage could not be loaded. {describeError(usage.error)}
          </p>
        )}
        {!report && !usage.isError && <div className="h-40 animate-pulse rounded-xl bg-raised" aria-label="Loading usage" />}
        {report && (
          <div className="flex flex-col gap-6" data-testid="usage-section">
            <UsageBanner linkToSettings={false} />
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {[
                ["Plan", report.planName],
                ["Requests", report.totals.requests.toLocaleString("en-US")],
                ["Tokens", (report.totals.inputTokens + report.totals.outputTokens).toLocaleString("en-US")],
                ["Cost", usd(report.totals.costUsd)],
              ].map(([term, value]) => (
                <div key={term} className="rounded-xl border border-line p-3">
                  <dt className="text-xs text-text-muted">{term}</dt>
                  <dd className="text-lg font-semibold">{value}</dd>
                </div>
              ))}
            </dl>
            <UsageChart daily={report.daily} />
            <div className="flex flex-col gap-3">
              <Meter label="Chat requests this month" used={report.month.chatRequests} limit={report.limits.monthlyRequests} format={(value) => value.toLocaleString("en-US")} />
              <Meter label="Budget this month" used={report.month.spendUsd} limit={report.limits.monthlyBudgetUsd} format={usd} />
              <p className="text-xs text-text-muted" data-testid="effective-limits">
                Up to {report.limits.requestsPerMinute} requests and {report.limits.chatRequestsPerMinute} chat messages a minute
                {report.limits.models ? `, with ${report.limits.models.join(", ")}` : ", with every model"}.
                {report.limits.own ? " Some of these limits were set for your account and differ from your plan's." : ""}
              </p>
            </div>
            {report.byModel.length > 0 && (
              <table className="w-full text-sm">
                <caption className="mb-2 text-left text-sm font-medium">Cost by model</caption>
                <thead className="text-left text-xs text-text-muted">
                  <tr>
                    <th scope="col" className="py-1 font-normal">Model</th>
                    <th scope="col" className="py-1 text-right font-normal">Replies</th>
                    <th scope="col" className="py-1 text-right font-normal">Tokens</th>
                    <th scope="col" className="py-1 text-right font-normal">Cost</th>
                  </tr>
                </thead>
                <tbody>
                  {report.byModel.map((row) => (
                    <tr key={row.model} className="border-t border-line">
                      <td className="py-1">{row.model}</td>
                      <td className="py-1 text-right">{row.requests}</td>
                      <td className="py-1 text-right">{(row.inputTokens + row.outputTokens).toLocaleString("en-US")}</td>
                      <td className="py-1 text-right">{usd(row.costUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </SettingsSection>
    </div>
  );
}
