"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Check, Download } from "lucide-react";
import { useId, useState } from "react";
import { PageHeader } from "@/components/page-header";
import type { FeedbackInboxFilter, FeedbackInboxItem } from "@/lib/admin/feedback-types";
import { feedbackExportPath, listFeedbackInbox, reviewFeedback } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { formatDateTime } from "@/lib/client/format-date";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";
import { useDebouncedValue } from "@/lib/client/use-debounced-value";
import { EmptyState, LoadError } from "./admin-section";
import { AdminNav } from "./admin-nav";
import { FeedbackScore } from "./recent-lists";

interface FilterForm {
  kind: "" | "rating" | "vote";
  rating: string;
  vote: "" | "up" | "down";
  page: string;
  model: string;
  q: string;
  from: string;
  to: string;
  reviewed: "" | "true" | "false";
}

const emptyForm: FilterForm = { kind: "", rating: "", vote: "", page: "", model: "", q: "", from: "", to: "", reviewed: "false" };

/** The form as the API's filter: what does not apply to the chosen kind is left out. */
function toFilter(form: FilterForm): FeedbackInboxFilter {
  return {
    kind: form.kind || undefined,
    rating: form.kind !== "vote" && form.rating ? Number(form.rating) : undefined,
    vote: form.kind !== "rating" && form.vote ? form.vote : undefined,
    page: form.kind !== "vote" && form.page.trim() ? form.page.trim() : undefined,
    model: form.kind !== "rating" && form.model.trim() ? form.model.trim() : undefined,
    q: form.q.trim() || undefined,
    from: form.from || undefined,
    to: form.to || undefined,
    reviewed: form.reviewed === "" ? undefined : form.reviewed === "true",
  };
}

function formProblem(form: FilterForm): string | null {
  if (form.from && form.to && form.from > form.to) return "The first day is after the last day.";
  if (form.page.trim() && !form.page.trim().startsWith("/")) return "A page is a path that starts with /, such as /chat.";
  return null;
}

const fieldClass = "rounded-lg border border-line bg-page px-2.5 py-1.5 text-sm text-text disabled:opacity-50";
const labelClass = "flex min-w-0 flex-col gap-1 text-xs text-text-muted";

function Filters({ form, onChange }: { form: FilterForm; onChange: (form: FilterForm) => void }) {
  const set = <Key extends keyof FilterForm>(key: Key, value: FilterForm[Key]) => onChange({ ...form, [key]: value });
  return (
    <form role="search" aria-label="Filter feedback" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" onSubmit={(event) => event.preventDefault()}>
      <label className={cn(labelClass, "col-span-2 sm:col-span-3 lg:col-span-5")}>
        Search comments
        <input type="search" value={form.q} maxLength={200} onChange={(event) => set("q", event.target.value)} placeholder="Words in the comment" className={fieldClass} />
      </label>
      <label className={labelClass}>
        Kind
        <select value={form.kind} onChange={(event) => set("kind", event.target.value as FilterForm["kind"])} className={fieldClass}>
          <option value="">Ratings and votes</option>
          <option value="rating">Ratings</option>
          <option value="vote">Votes</option>
        </select>
      </label>
      <label className={labelClass}>
        Rating
        <select value={form.rating} disabled={form.kind === "vote"} onChange={(event) => set("rating", event.target.value)} className={fieldClass}>
          <option value="">Any</option>
          {[5, 4, 3, 2, 1].map((stars) => (
            <option key={stars} value={stars}>
              {stars} {stars === 1 ? "star" : "stars"}
            </option>
          ))}
        </select>
      </label>
      <label className={labelClass}>
        Vote
        <select value={form.vote} disabled={form.kind === "rating"} onChange={(event) => set("vote", event.target.value as FilterForm["vote"])} className={fieldClass}>
          <option value="">Any</option>
          <option value="up">Good reply</option>
          <option value="down">Bad reply</option>
        </select>
      </label>
      <label className={labelClass}>
        Page
        <input value={form.page} disabled={form.kind === "vote"} maxLength={2000} onChange={(event) => set("page", event.target.value)} placeholder="/chat" className={fieldClass} />
      </label>
      <label className={labelClass}>
        Model
        <input value={form.model} disabled={form.kind === "rating"} maxLength={100} onChange={(event) => set("model", event.target.value)} placeholder="offline" className={fieldClass} />
      </label>
      <label className={labelClass}>
        From (UTC)
        <input type="date" value={form.from} onChange={(event) => set("from", event.target.value)} className={fieldClass} />
      </label>
      <label className={labelClass}>
        To (UTC)
        <input type="date" value={form.to} onChange={(event) => set("to", event.target.value)} className={fieldClass} />
      </label>
      <label className={labelClass}>
        Status
        <select value={form.reviewed} onChange={(event) => set("reviewed", event.target.value as FilterForm["reviewed"])} className={fieldClass}>
          <option value="false">Not reviewed</option>
          <option value="true">Reviewed</option>
          <option value="">All</option>
        </select>
      </label>
      <div className="flex items-end">
        <button type="button" onClick={() => onChange(emptyForm)} className="rounded-lg px-2.5 py-1.5 text-sm text-text-muted hover:bg-raised hover:text-text">
          Clear filters
        </button>
      </div>
    </form>
  );
}

function ReviewButton({ item }: { item: FeedbackInboxItem }) {
  const queryClient = useQueryClient();
  const review = useMutation({
    mutationFn: (reviewed: boolean) => reviewFeedback(item.id, reviewed),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.anyFeedbackInbox }),
  });
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        aria-pressed={item.reviewed}
        disabled={review.isPending}
        onClick={() => review.mutate(!item.reviewed)}
        className={cn(
          "inline-flex shrink-0 items-center gap-1.5 rounded-lg border px-2.5 py-1 text-xs font-medium disabled:opacity-60",
          item.reviewed ? "border-line bg-raised text-text" : "border-accent text-accent hover:bg-raised",
        )}
      >
        <Check className="size-3.5" aria-hidden />
        {item.reviewed ? "Reviewed" : "Mark reviewed"}
      </button>
      {review.isError && (
        <p role="alert" className="text-xs text-danger">
          {describeError(review.error)}
        </p>
      )}
    </div>
  );
}

function InboxItem({ item }: { item: FeedbackInboxItem }) {
  return (
    <li className="relative flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid="inbox-item">
      <div className="flex min-w-0 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-text-muted">
          <span className="font-medium text-text">
            <FeedbackScore item={item} />
          </span>
          {item.kind === "vote" && <span className="font-mono">{item.model ?? "unknown model"}</span>}
          {item.page && <span className="font-mono break-all">{item.page}</span>}
          <span className="min-w-0 truncate" title={item.userId}>
            {item.email}
          </span>
          <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
        </div>
        {item.comment ? <p className="text-sm break-words whitespace-pre-line">{item.comment}</p> : <p className="text-sm text-text-muted">No comment</p>}
      </div>
      <ReviewButton item={item} />
    </li>
  );
}

function InboxSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading feedback" className="flex flex-col gap-2">
      {[0, 1, 2, 3].map((index) => (
        <div key={index} className="h-16 animate-pulse rounded-xl bg-raised" />
      ))}
    </div>
  );
}

/** Every rating and vote, filtered, newest first, a page at a time; each can be marked reviewed. */
export function FeedbackInboxView() {
  const [form, setForm] = useState<FilterForm>(emptyForm);
  const problemId = useId();
  const problem = formProblem(form);
  // Typing in a text box waits for a pause; the other controls apply at once.
  const typedNow = JSON.stringify([form.q, form.page, form.model]);
  const typedKey = useDebouncedValue(typedNow, 300);
  const [q, page, model] = JSON.parse(typedKey) as [string, string, string];
  const filter = toFilter({ ...form, q, page, model });
  const inbox = useInfiniteQuery({
    queryKey: queryKeys.feedbackInbox(filter),
    queryFn: ({ pageParam, signal }) => listFeedbackInbox(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    enabled: problem === null,
  });
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  // The list shown is stale from the first keystroke until the answer to the new filter replaces it.
  const stale = inbox.isPlaceholderData || typedKey !== typedNow;

  function renderList() {
    if (problem) return null;
    if (inbox.isError && !inbox.data) {
      return (
        <LoadError what="The feedback" error={inbox.error} onRetry={() => void inbox.refetch()} />
      );
    }
    if (inbox.isPending) return <InboxSkeleton />;
    if (items.length === 0) {
      return <EmptyState>{form.reviewed === "false" && !filter.q ? "Nothing left to review. Switch Status to All to see reviewed feedback." : "No feedback matches these filters."}</EmptyState>;
    }
    return (
      <>
        <ul
          className={cn("divide-y divide-line rounded-xl border border-line", stale && "opacity-60")}
          aria-label="Feedback"
          aria-busy={stale}
          data-testid="feedback-inbox"
        >
          {items.map((item) => (
            <InboxItem key={item.id} item={item} />
          ))}
        </ul>
        {inbox.isFetchNextPageError && (
          <p role="alert" className="text-sm text-danger">
            {describeError(inbox.error)}
          </p>
        )}
        {inbox.hasNextPage && (
          <button type="button" onClick={() => void inbox.fetchNextPage()} disabled={inbox.isFetchingNextPage} className="self-center rounded-lg border border-line px-4 py-2 text-sm hover:bg-raised disabled:opacity-60">
            {inbox.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        )}
      </>
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Feedback inbox">
        <a
          href={feedbackExportPath(filter)}
          download
          aria-disabled={problem !== null}
          onClick={(event) => problem && event.preventDefault()}
          className="flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm text-text-muted hover:bg-raised hover:text-text"
        >
          <Download className="size-4" aria-hidden />
          <span className="hidden sm:inline">Download CSV</span>
          <span className="sm:hidden">CSV</span>
        </a>
      </PageHeader>
      <AdminNav />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-5xl flex-col gap-5 px-4 py-6 md:pr-14 md:pl-6">
          <Filters form={form} onChange={setForm} />
          {problem && (
            <p id={problemId} role="alert" className="text-sm text-danger">
              {problem}
            </p>
          )}
          <p className="text-sm text-text-muted" aria-live="polite">
            {problem || inbox.isPending ? "" : `${items.length}${inbox.hasNextPage ? "+" : ""} shown${inbox.isFetching && !inbox.isFetchingNextPage ? " · updating…" : ""}`}
          </p>
          {renderList()}
        </div>
      </div>
    </div>
  );
}
