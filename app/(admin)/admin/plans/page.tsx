import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PlansView } from "@/components/admin/plans-view";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Plans · Admin" };

export default async function AdminPlansPage() {
  // Layouts are not re-run on client navigation: the page checks again.
  if (!(await getCurrentUserFromCookies())?.isAdmin) notFound();
  return <PlansView />;
}
