"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ShieldCheck } from "lucide-react";
import { cn } from "@/lib/client/cn";

export function AdminLink({ onNavigate }: { onNavigate: () => void }) {
  const pathname = usePathname();
  const isActive = pathname === "/admin" || pathname.startsWith("/admin/");
  return (
    <Link
      href="/admin"
      onClick={onNavigate}
      aria-current={isActive ? "page" : undefined}
      className={cn(
        "mt-1 flex items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-raised",
        isActive ? "bg-raised font-medium text-text" : "text-text-muted hover:text-text",
      )}
    >
      <ShieldCheck className="size-4" aria-hidden />
      Admin
    </Link>
  );
}
