"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/client/cn";

const links = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/feedback", label: "Feedback inbox" },
  { href: "/admin/reports", label: "Weekly report" },
] as const;

/** Between the admin pages of operations: the overview, the feedback inbox and the weekly report. */
export function OpsLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin pages" className="-mx-1 flex flex-wrap gap-1">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={pathname === link.href ? "page" : undefined}
          className={cn(
            "rounded-lg px-3 py-1.5 text-sm",
            pathname === link.href ? "bg-raised font-medium text-text" : "text-text-muted hover:bg-raised hover:text-text",
          )}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
