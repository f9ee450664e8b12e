"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { CaptchaConfig } from "@/lib/auth/captcha-providers";
import { logIn, signUp, type Credentials } from "@/lib/client/api";
import { describeError } from "@/lib/client/http";
import { CaptchaWidget } from "./captcha-widget";
import { TextField } from "./text-field";

type AuthMode = "login" | "signup";

const copy = {
  login: {
    heading: "Sign in",
    submit: "Sign in",
    pending: "Signing in…",
    switchPrompt: "New to Mneme?",
    switchLabel: "Create an account",
    switchPath: "/signup",
  },
  signup: {
    heading: "Create your account",
    submit: "Create account",
    pending: "Creating account…",
    switchPrompt: "Already have an account?",
    switchLabel: "Sign in",
    switchPath: "/login",
  },
} as const;

function validate(mode: AuthMode, { email, password }: Credentials): string | null {
  if (!/^\S+@\S+\.\S+$/.test(email)) return "Enter a valid email address.";
  if (mode === "login") return password ? null : "Enter your password.";
  if (password.length < 8) return "Use at least 8 characters for your password.";
  if (password.length > 128) return "Use at most 128 characters for your password.";
  return null;
}

/** `captcha`: the widget Supabase Auth's CAPTCHA protection needs, when the operator configured one. */
export function AuthForm({ mode, nextPath, captcha }: { mode: AuthMode; nextPath: string; captcha: CaptchaConfig | null }) {
  const router = useRouter();
  const text = copy[mode];
  const switchHref = nextPath === "/chat" ? text.switchPath : `${text.switchPath}?next=${encodeURIComponent(nextPath)}`;

  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const [captchaToken, setCaptchaToken] = useState<string | null>(null);
  const [captchaReset, setCaptchaReset] = useState(0);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const credentials: Credentials = { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") };
    const invalid = validate(mode, credentials) ?? (captcha && !captchaToken ? "Complete the security check first." : null);
    setError(invalid);
    if (invalid) return;
    if (captchaToken) credentials.captchaToken = captchaToken;
    startTransition(async () => {
      try {
        await (mode === "login" ? logIn(credentials) : signUp(credentials));
        router.replace(nextPath);
      } catch (caught) {
        setError(describeError(caught));
        // The token was spent on this attempt: the next one needs a new check.
        if (captcha) {
          setCaptchaToken(null);
          setCaptchaReset((count) => count + 1);
        }
      }
    });
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">{text.heading}</h1>
      <TextField label="Email" name="email" type="email" autoComplete="email" autoFocus />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete={mode === "login" ? "current-password" : "new-password"}
        hint={mode === "signup" ? "8 to 128 characters." : undefined}
      />
      {captcha && <CaptchaWidget config={captcha} onToken={setCaptchaToken} resetKey={captchaReset} />}
      <p role="alert" className="min-h-5 text-sm text-danger">
        {error}
      </p>
      <button
        type="submit"
        disabled={isPending}
        className="rounded-lg bg-accent px-4 py-2.5 text-sm font-medium text-accent-text hover:opacity-90 disabled:opacity-60"
      >
        {isPending ? text.pending : text.submit}
      </button>
      <p className="text-center text-sm text-text-muted">
        {text.switchPrompt}{" "}
        <Link href={switchHref} className="font-medium text-text underline underline-offset-2">
          {text.switchLabel}
        </Link>
      </p>
    </form>
  );
}
