import { cn } from "@/lib/client/cn";

/** How far some work is (0..1), as a bar that assistive technology reads as a percentage. */
export function ProgressBar({ label, value, className }: { label: string; value: number; className?: string }) {
  const percent = Math.round(value * 100);
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className={cn("overflow-hidden rounded-full", className)}>
      {/* A sliver at 0 % still shows that the work has started. */}
      <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${Math.max(4, percent)}%` }} />
    </div>
  );
}
