"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/client/cn";

const pages = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/plans", label: "Plans" },
  { href: "/admin/feedback", label: "Feedback inbox" },
  { href: "/admin/reports", label: "Weekly report" },
] as const;

/** Tabs between the admin pages; a user's page counts as Users. */
export function AdminNav() {
  const pathname = usePathname();
  const current = [...pages].reverse().find((page) => pathname === page.href || pathname.startsWith(`${page.href}/`))?.href;
  return (
    <nav aria-label="Admin pages" className="flex gap-1 overflow-x-auto border-b border-line px-3 md:px-5">
      {pages.map((page) => (
        <Link
          key={page.href}
          href={page.href}
          aria-current={current === page.href ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap",
            current === page.href ? "border-accent font-medium text-text" : "border-transparent text-text-muted hover:text-text",
          )}
        >
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
