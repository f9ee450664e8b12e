import Link from "next/link";
import { cn } from "@/lib/client/cn";

export type MemoryView = "search" | "documents";

const tabs: { view: MemoryView; label: string; href: string }[] = [
  { view: "search", label: "Search", href: "/memory" },
  { view: "documents", label: "Documents", href: "/memory?view=documents" },
];

/** The two views of /memory, as links: each has its own address to reload or share. */
export function MemoryTabs({ current }: { current: MemoryView }) {
  return (
    <nav aria-label="Memory views" className="flex gap-1 rounded-xl bg-raised p-1 text-sm">
      {tabs.map((tab) => (
        <Link
          key={tab.view}
          href={tab.href}
          aria-current={tab.view === current ? "page" : undefined}
          className={cn(
            "flex-1 rounded-lg px-3 py-1.5 text-center font-medium text-text-muted hover:text-text",
            tab.view === current && "bg-page text-text shadow-sm",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
