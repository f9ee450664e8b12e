import { cn } from "@/lib/client/cn";

export function StatusBadge({ status }: { status: "active" | "suspended" }) {
  return (
    <span
      className={cn(
        "rounded-full px-2 py-0.5 text-xs font-medium",
        status === "suspended" ? "bg-danger-soft text-danger" : "bg-raised text-text-muted",
      )}
    >
      {status === "suspended" ? "Suspended" : "Active"}
    </span>
  );
}
