import { useId, type ReactNode } from "react";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { describeError } from "@/lib/client/http";

/** A titled part of the admin page; the heading names the region for screen readers. */
export function AdminSection({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col gap-3">
      <div>
        <h2 id={headingId} className="text-base font-semibold">
          {title}
        </h2>
        {description && <p className="mt-0.5 text-sm text-text-muted">{description}</p>}
      </div>
      {children}
    </section>
  );
}

/** What a section shows when it has nothing to list. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="rounded-xl border border-dashed border-line px-4 py-6 text-center text-sm text-text-muted">{children}</p>;
}

/** Tables scroll sideways inside this on narrow screens instead of widening the page. */
export function ScrollTable({ label, minWidthClass, children }: { label: string; minWidthClass: string; children: ReactNode }) {
  return (
    // Focusable so keyboard users can scroll it too.
    <div role="region" aria-label={label} tabIndex={0} className="overflow-x-auto rounded-xl border border-line">
      <table className={`w-full text-sm ${minWidthClass}`}>{children}</table>
    </div>
  );
}

export const thClass = "px-3 py-2 font-normal whitespace-nowrap";
export const tdClass = "px-3 py-2 whitespace-nowrap";

export const formatUsd = (value: number) => `$${value.toFixed(value > 0 && value < 1 ? 4 : 2)}`;
export const formatCount = (value: number) => value.toLocaleString("en-US");

/** A load that failed, what it was and why, with a retry. */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-start gap-3 rounded-xl border border-line p-4">
      <p className="text-sm">
        {what} could not be loaded. {describeError(error)}
      </p>
      <button type="button" onClick={onRetry} className={primaryButtonClass}>
        Try again
      </button>
    </div>
  );
}
