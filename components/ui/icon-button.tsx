import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/client/cn";

interface IconButtonProps extends ComponentProps<"button"> {
  /** The accessible name; also shown as a tooltip. */
  label: string;
  children: ReactNode;
}

export function IconButton({ label, className, children, ...buttonProps }: IconButtonProps) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={cn(
        "inline-flex size-8 shrink-0 items-center justify-center rounded-lg text-text-muted hover:bg-raised hover:text-text disabled:pointer-events-none disabled:opacity-50",
        className,
      )}
      {...buttonProps}
    >
      {children}
    </button>
  );
}
