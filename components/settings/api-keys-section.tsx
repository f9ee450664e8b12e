"use client";

import { useId, useState, type FormEvent } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookOpen, KeyRound, Trash2, TriangleAlert, X } from "lucide-react";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { IconButton } from "@/components/ui/icon-button";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/client/api";
import { formatDateTime } from "@/lib/client/format-date";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";
import { apiKeyNameLimit, type ApiKey, type CreatedApiKey } from "@/lib/keys/types";
import { SettingsSection } from "./settings-section";

const expiryChoices = [
  { value: "", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
] as const;

const inDays = (days: string) => (days ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : undefined);

/** Personal API keys: make one (its secret shown once), see them with their last use, revoke them. */
export function ApiKeysSection() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: queryKeys.apiKeys, queryFn: ({ signal }) => listApiKeys(signal) });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => revokeApiKey(key.id),
    onSuccess: (_nothing, key) => {
      setRevoking(null);
      if (created?.key.id === key.id) setCreated(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
  });

  return (
    <SettingsSection title="API keys" description="Keys let your scripts and integrations use Mneme as you, with your limits. They cannot manage keys, reach admin pages, sign out or delete your account.">
      <div id="api-keys" className="flex scroll-mt-6 flex-col gap-4 rounded-xl border border-line p-4">
        <CreateKeyForm
          onCreated={(result) => {
            setCreated(result);
            void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
          }}
        />
        {created && <NewSecret created={created} onDismiss={() => setCreated(null)} />}
        <KeyList query={keys} onRevoke={(key) => {
          revoke.reset();
          setRevoking(key);
        }} />
        <p className="text-xs text-text-muted">
          Send a key as <code className="rounded bg-raised px-1 py-0.5">Authorization: Bearer mnk_…</code>.{" "}
          <Link href="/docs/api" className="inline-flex items-center gap-1 font-medium text-text underline-offset-2 hover:underline">
            <BookOpen className="size-3.5" aria-hidden />
            API reference
          </Link>
        </p>
      </div>
      <ConfirmDialog
        isOpen={revoking !== null}
        title="Revoke this key?"
        description={`Anything using “${revoking?.name ?? ""}” (${revoking?.prefix ?? ""}…) will get 401 from its next request. This cannot be undone.`}
        confirmLabel={revoke.isPending ? "Revoking…" : "Revoke key"}
        isPending={revoke.isPending}
        error={revoke.isError ? describeError(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </SettingsSection>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (created: CreatedApiKey) => void }) {
  const nameId = useId();
  const expiryId = useId();
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("");
  const create = useMutation({
    mutationFn: () => createApiKey({ name: name.trim(), ...(inDays(expiry) ? { expiresAt: inDays(expiry) } : {}) }),
    onSuccess: (result) => {
      setName("");
      setExpiry("");
      onCreated(result);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() && !create.isPending) create.mutate();
  }

  return (
    <form onSubmit={submit} aria-label="Create an API key" className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <label htmlFor={nameId} className="text-sm font-medium">
          Key name
        </label>
        <input
          id={nameId}
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={apiKeyNameLimit}
          required
          placeholder="e.g. Backup script"
          className="rounded-lg border border-line bg-page px-3 py-2 text-base outline-none focus-visible:border-ring sm:text-sm"
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <label htmlFor={expiryId} className="text-sm font-medium">
          Expires
        </label>
        <select
          id={expiryId}
          value={expiry}
          onChange={(event) => setExpiry(event.target.value)}
          className="rounded-lg border border-line bg-page px-3 py-2 text-base outline-none focus-visible:border-ring sm:text-sm"
        >
          {expiryChoices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={!name.trim() || create.isPending} className={`${primaryButtonClass} inline-flex items-center justify-center gap-2 disabled:opacity-50`}>
        <KeyRound className="size-4" aria-hidden />
        {create.isPending ? "Creating…" : "Create key"}
      </button>
      {create.isError && (
        <p role="alert" className="text-sm text-danger sm:basis-full">
          The key could not be created. {describeError(create.error)}
        </p>
      )}
    </form>
  );
}

function NewSecret({ created, onDismiss }: { created: CreatedApiKey; onDismiss: () => void }) {
  return (
    <div role="status" aria-label="Your new API key" className="flex flex-col gap-2 rounded-lg border border-amber-500/50 bg-amber-50 p-3 dark:bg-amber-950/40">
      <div className="flex items-start gap-2">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-amber-600 dark:text-amber-400" aria-hidden />
        <p className="flex-1 text-sm">
          <strong>Copy “{created.key.name}” now.</strong> This is the only time it is shown: Mneme keeps only a fingerprint of it. Anyone who has it can use Mneme as you until you revoke it.
        </p>
        <IconButton label="Dismiss the new key" onClick={onDismiss} className="size-6">
          <X className="size-4" aria-hidden />
        </IconButton>
      </div>
      <div className="flex items-center gap-2 rounded-md border border-line bg-page px-2 py-1.5">
        <code data-testid="new-api-key-secret" className="min-w-0 flex-1 break-all font-mono text-xs">
          {created.secret}
        </code>
        <CopyButton label="Copy the new API key" getText={() => created.secret} />
      </div>
    </div>
  );
}

function KeyList({ query, onRevoke }: { query: ReturnType<typeof useQuery<{ keys: ApiKey[] }>>; onRevoke: (key: ApiKey) => void }) {
  // When the list was read: what "expired" is measured against, stable across re-renders.
  const readAt = query.dataUpdatedAt;
  if (query.isPending) {
    return (
      <div aria-busy="true" aria-label="Loading API keys" className="flex flex-col gap-2">
        <div className="h-10 animate-pulse rounded-lg bg-raised" />
        <div className="h-10 animate-pulse rounded-lg bg-raised" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-3 text-sm">
        <p className="flex-1">Your API keys could not be loaded. {describeError(query.error)}</p>
        <button type="button" onClick={() => query.refetch()} className="rounded-lg border border-line px-3 py-1.5 text-sm font-medium hover:bg-raised">
          Try again
        </button>
      </div>
    );
  }
  if (query.data.keys.length === 0) return <p className="text-sm text-text-muted">You have no API keys yet.</p>;
  return (
    <ul aria-label="API keys" className="flex flex-col divide-y divide-line">
      {query.data.keys.map((key) => {
        const isExpired = key.expiresAt !== null && new Date(key.expiresAt).getTime() <= readAt;
        return (
          <li key={key.id} className="flex flex-col gap-2 py-2.5 sm:flex-row sm:items-center sm:gap-3">
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                <span className="truncate">{key.name}</span>
                <code className="rounded bg-raised px-1.5 py-0.5 font-mono text-xs font-normal text-text-muted">{key.prefix}…</code>
                {isExpired && <span className="rounded bg-danger-soft px-1.5 py-0.5 text-xs font-normal text-danger">Expired</span>}
              </p>
              <p className="text-xs text-text-muted">
                Created <time dateTime={key.createdAt}>{formatDateTime(key.createdAt)}</time>
                {" · "}
                {key.expiresAt ? (
                  <>
                    {isExpired ? "Expired" : "Expires"} <time dateTime={key.expiresAt}>{formatDateTime(key.expiresAt)}</time>
                  </>
                ) : (
                  "Never expires"
                )}
                {" · "}
                {key.lastUsedAt ? (
                  <>
                    Last used <time dateTime={key.lastUsedAt}>{formatDateTime(key.lastUsedAt)}</time>
                  </>
                ) : (
                  "Never used"
                )}
              </p>
            </div>
            <button
              type="button"
              onClick={() => onRevoke(key)}
              aria-label={`Revoke ${key.name}`}
              className="-ml-2 inline-flex items-center gap-1.5 self-start rounded-md px-2 py-1 text-xs text-danger hover:bg-danger-soft sm:ml-0 sm:self-center"
            >
              <Trash2 className="size-3.5" aria-hidden />
              <span aria-hidden>Revoke</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
