"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { IconButton } from "@/components/ui/icon-button";
import type { Plan } from "@/lib/admin/management-types";
import { createAdminPlan, deleteAdminPlan, updateAdminPlan, type PlanFields } from "@/lib/client/api";
import { formatBytes } from "@/lib/client/format-bytes";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";
import { useAdminPlans } from "@/lib/client/use-admin-users";
import { useModels } from "@/lib/client/use-models";
import { EmptyState, formatCount, formatUsd, LoadError, ScrollTable, tdClass, thClass } from "./admin-section";
import { AdminNav } from "./admin-nav";
import { PlanFormDialog } from "./plan-form";

type Editing = { plan: Plan | null } | null;

export function PlansView() {
  const plans = useAdminPlans();
  const models = useModels();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Plan | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.adminPlans });
    void queryClient.invalidateQueries({ queryKey: queryKeys.adminUsers });
    void queryClient.invalidateQueries({ queryKey: queryKeys.adminAudit });
  };
  const save = useMutation({
    mutationFn: ({ plan, fields }: { plan: Plan | null; fields: PlanFields & { id: string } }) => {
      if (plan) {
        // The id names the plan; it is not a field to change.
        const change: Partial<PlanFields> & { id?: string } = { ...fields };
        delete change.id;
        return updateAdminPlan(plan.id, change);
      }
      return createAdminPlan(fields);
    },
    onSuccess: () => {
      refresh();
      setEditing(null);
    },
  });
  const remove = useMutation({
    mutationFn: (plan: Plan) => deleteAdminPlan(plan.id),
    onSuccess: () => {
      refresh();
      setDeleting(null);
    },
  });

  function open(plan: Plan | null) {
    save.reset();
    setEditing({ plan });
  }

  function renderBody() {
    if (plans.isError) {
      return (
        <LoadError what="The plans" error={plans.error} onRetry={() => void plans.refetch()} />
      );
    }
    if (!plans.data) return <div className="h-48 animate-pulse rounded-xl bg-raised" aria-label="Loading plans" />;
    if (plans.data.plans.length === 0) return <EmptyState>No plans.</EmptyState>;
    return (
      <div className="min-w-0">
      <ScrollTable label="Plans" minWidthClass="min-w-[56rem]">
        <thead className="bg-panel text-left text-xs text-text-muted">
          <tr>
            <th scope="col" className={thClass}>Plan</th>
            <th scope="col" className={`${thClass} text-right`}>API / min</th>
            <th scope="col" className={`${thClass} text-right`}>Chat / min</th>
            <th scope="col" className={`${thClass} text-right`}>Chat / month</th>
            <th scope="col" className={`${thClass} text-right`}>Budget / month</th>
            <th scope="col" className={thClass}>Models</th>
            <th scope="col" className={`${thClass} text-right`}>Documents</th>
            <th scope="col" className={`${thClass} text-right`}>Accounts</th>
            {/* Relative, so the screen-reader-only text stays inside the scrolling table. */}
            <th scope="col" className={`${thClass} relative`}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {plans.data.plans.map((plan) => (
            <tr key={plan.id} className="border-t border-line">
              <td className={tdClass}>
                <span className="font-medium">{plan.name}</span> <span className="font-mono text-xs text-text-muted">{plan.id}</span>
                {plan.editedAt === null && <span className="ml-2 text-xs text-text-muted">(defaults)</span>}
              </td>
              <td className={`${tdClass} text-right tabular-nums`}>{formatCount(plan.apiRequestsPerMinute)}</td>
              <td className={`${tdClass} text-right tabular-nums`}>{formatCount(plan.chatRequestsPerMinute)}</td>
              <td className={`${tdClass} text-right tabular-nums`}>{plan.monthlyRequests === null ? "No limit" : formatCount(plan.monthlyRequests)}</td>
              <td className={`${tdClass} text-right tabular-nums`}>{plan.monthlyBudgetUsd === null ? "No limit" : formatUsd(plan.monthlyBudgetUsd)}</td>
              <td className={`${tdClass} max-w-56 truncate`} title={plan.models?.join(", ")}>{plan.models === null ? "Every model" : plan.models.join(", ") || "None"}</td>
              <td className={`${tdClass} text-right tabular-nums`}>
                {formatBytes(plan.documentStorageBytes)} · {formatCount(plan.documentCount)}
              </td>
              <td className={`${tdClass} text-right tabular-nums`}>{formatCount(plan.users)}</td>
              <td className={`${tdClass} text-right`}>
                <IconButton label={`Edit ${plan.name}`} onClick={() => open(plan)}>
                  <Pencil className="size-4" aria-hidden />
                </IconButton>
                <IconButton label={`Delete ${plan.name}`} onClick={() => { remove.reset(); setDeleting(plan); }}>
                  <Trash2 className="size-4" aria-hidden />
                </IconButton>
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      </div>
    );
  }

  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col">
      <PageHeader title="Plans">
        <button type="button" onClick={() => open(null)} className="flex items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm text-text-muted hover:bg-raised hover:text-text">
          <Plus className="size-4" aria-hidden />
          New plan
        </button>
      </PageHeader>
      <AdminNav />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 px-4 py-6 md:pr-14 md:pl-6">
          <p className="text-sm text-text-muted">
            Changes hold from each account&apos;s next request. A plan marked &quot;defaults&quot; still takes its limits from the server&apos;s environment at start-up; once edited, what is saved here wins.
          </p>
          {renderBody()}
        </div>
      </div>
      {editing && (
        <PlanFormDialog
          key={editing.plan?.id ?? "new"}
          plan={editing.plan}
          isOpen
          models={models.data?.models.map((model) => model.id) ?? []}
          isPending={save.isPending}
          error={save.error ? describeError(save.error) : null}
          onSubmit={(fields) => save.mutate({ plan: editing.plan, fields })}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        isOpen={deleting !== null}
        title={deleting ? `Delete the plan ${deleting.name}?` : "Delete the plan?"}
        description="A plan that accounts are on cannot be deleted: move them to another plan first."
        confirmLabel="Delete"
        isPending={remove.isPending}
        error={remove.error ? describeError(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}
