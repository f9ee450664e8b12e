import type { Metadata } from "next";
import { AuthForm } from "@/components/auth/auth-form";
import { safeNextPath } from "@/lib/client/safe-next-path";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Create account" };

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  // Read at run time: the operator's CAPTCHA settings reach the page without a rebuild.
  return <AuthForm mode="signup" nextPath={safeNextPath(next)} captcha={env().captcha} />;
}
