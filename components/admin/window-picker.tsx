import { cn } from "@/lib/client/cn";
import { overviewWindows } from "@/lib/client/use-admin-overview";

/** The request figures' window: a group of toggle buttons, the chosen one pressed. */
export function WindowPicker({ minutes, onChange }: { minutes: number; onChange: (minutes: number) => void }) {
  return (
    <div role="group" aria-label="Window" className="inline-flex rounded-lg border border-line bg-panel p-0.5">
      {overviewWindows.map((choice) => (
        <button
          key={choice.minutes}
          type="button"
          aria-pressed={choice.minutes === minutes}
          onClick={() => onChange(choice.minutes)}
          className={cn(
            "rounded-md px-3 py-1 text-sm",
            choice.minutes === minutes ? "bg-page font-medium text-text shadow-sm" : "text-text-muted hover:text-text",
          )}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
