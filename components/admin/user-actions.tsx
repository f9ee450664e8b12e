"use client";

import { useState, type FormEvent } from "react";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { AdminUserDetail, OwnLimits, Plan } from "@/lib/admin/management-types";
import { describeError } from "@/lib/client/http";
import { useUpdateAdminUser } from "@/lib/client/use-admin-users";

const inputClass = "w-full rounded-lg border border-line bg-page px-3 py-2 text-sm outline-none focus:border-ring";

function Feedback({ error, saved }: { error: unknown; saved: boolean }) {
  if (error) return <p role="alert" className="text-sm text-danger">{describeError(error)}</p>;
  return saved ? <p role="status" className="text-sm text-text-muted">Saved. It holds from their next request.</p> : null;
}

export function PlanForm({ user, plans }: { user: AdminUserDetail; plans: Plan[] }) {
  const update = useUpdateAdminUser(user.id);
  const [plan, setPlan] = useState(user.plan);
  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate({ plan });
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-2">
      <label htmlFor="user-plan" className="text-sm font-medium">Plan</label>
      <div className="flex flex-wrap gap-2">
        <select id="user-plan" value={plan} onChange={(event) => setPlan(event.target.value)} className={`${inputClass} max-w-xs`}>
          {plans.map((option) => (
            <option key={option.id} value={option.id}>{option.name} ({option.id})</option>
          ))}
        </select>
        <button type="submit" disabled={update.isPending || plan === user.plan} className={`${primaryButtonClass} disabled:opacity-50`}>
          Change plan
        </button>
      </div>
      <Feedback error={update.error} saved={update.isSuccess && !update.isPending} />
    </form>
  );
}

const limitFields: { key: keyof OwnLimits; label: string; step: string; min: number }[] = [
  { key: "apiRequestsPerMinute", label: "API requests a minute", step: "1", min: 1 },
  { key: "chatRequestsPerMinute", label: "Chat messages a minute", step: "1", min: 1 },
  { key: "monthlyRequests", label: "Chat messages a month", step: "1", min: 0 },
  { key: "monthlyBudgetUsd", label: "Budget a month (USD)", step: "0.01", min: 0 },
];

type LimitDraft = Record<keyof OwnLimits, string>;
const draftOf = (limits: OwnLimits | null): LimitDraft =>
  Object.fromEntries(limitFields.map(({ key }) => [key, limits?.[key] === null || limits?.[key] === undefined ? "" : String(limits[key])])) as LimitDraft;

/** Limits of the user's own: an empty field keeps the plan's (shown as its placeholder). */
export function LimitsForm({ user }: { user: AdminUserDetail }) {
  const update = useUpdateAdminUser(user.id);
  const [draft, setDraft] = useState<LimitDraft>(() => draftOf(user.limits));
  function submit(event: FormEvent) {
    event.preventDefault();
    const limits = Object.fromEntries(limitFields.map(({ key }) => [key, draft[key].trim() === "" ? null : Number(draft[key])])) as OwnLimits;
    update.mutate({ limits: Object.values(limits).every((value) => value === null) ? null : limits });
  }
  function usePlanLimits() {
    setDraft(draftOf(null));
    update.mutate({ limits: null });
  }
  const effective = user.effectiveLimits;
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-describedby="limits-help">
      <div>
        <h3 className="text-sm font-medium">Limits of their own</h3>
        <p id="limits-help" className="text-xs text-text-muted">Empty fields keep the plan&apos;s limit, shown greyed.</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {limitFields.map(({ key, label, step, min }) => (
          <label key={key} className="flex flex-col gap-1 text-sm">
            {label}
            <input
              type="number"
              inputMode="decimal"
              min={min}
              step={step}
              value={draft[key]}
              placeholder={effective[key] === null ? "No limit" : String(effective[key])}
              onChange={(event) => setDraft((current) => ({ ...current, [key]: event.target.value }))}
              className={inputClass}
            />
          </label>
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={update.isPending} className={`${primaryButtonClass} disabled:opacity-50`}>
          Save limits
        </button>
        <button type="button" disabled={update.isPending || !user.limits} onClick={usePlanLimits} className="rounded-lg border border-line px-4 py-2 text-sm hover:bg-raised disabled:opacity-50">
          Use the plan&apos;s limits
        </button>
      </div>
      <Feedback error={update.error} saved={update.isSuccess && !update.isPending} />
    </form>
  );
}

/** Suspend or reactivate, after a confirmation that says what happens. */
export function StatusAction({ user, isSelf }: { user: AdminUserDetail; isSelf: boolean }) {
  const update = useUpdateAdminUser(user.id);
  const [isOpen, setOpen] = useState(false);
  const suspending = user.status === "active";
  if (suspending && isSelf) return <p className="text-sm text-text-muted">You cannot suspend your own account.</p>;
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-medium">{suspending ? "Suspend" : "Reactivate"}</h3>
      <p className="text-xs text-text-muted">
        {suspending
          ? "Ends their sessions at once and refuses their sign-in and every request. Nothing of theirs is deleted."
          : "They can sign in again and use the service under their plan."}
      </p>
      <div>
        <button
          type="button"
          onClick={() => { update.reset(); setOpen(true); }}
          className={suspending ? "rounded-lg bg-danger-solid px-4 py-2 text-sm font-medium text-white hover:opacity-90" : primaryButtonClass}
        >
          {suspending ? "Suspend account" : "Reactivate account"}
        </button>
      </div>
      <ConfirmDialog
        isOpen={isOpen}
        title={suspending ? `Suspend ${user.email}?` : `Reactivate ${user.email}?`}
        description={suspending ? "Their sessions end now, and they cannot sign in until an admin reactivates them. Their chats and data stay." : "They will be able to sign in and use the service again."}
        confirmLabel={suspending ? "Suspend" : "Reactivate"}
        isPending={update.isPending}
        error={update.error ? describeError(update.error) : null}
        onConfirm={() => update.mutate({ status: suspending ? "suspended" : "active" }, { onSuccess: () => setOpen(false) })}
        onClose={() => setOpen(false)}
      />
    </div>
  );
}
