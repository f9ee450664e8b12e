import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminView } from "@/components/admin/admin-view";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  // Layouts are not re-run on client navigation: the page checks again.
  if (!(await getCurrentUserFromCookies())?.isAdmin) notFound();
  return <AdminView />;
}
