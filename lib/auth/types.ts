export interface AuthSession {
  user: { id: string; email: string };
  accessToken: string;
  /** Unix seconds, as Supabase's `expires_at`. */
  expiresAt: number;
}

/** A signed-in session and the `Set-Cookie` values that carry it to the browser. */
export interface AuthResult {
  session: AuthSession;
  setCookies: string[];
}

export interface Credentials {
  email: string;
  password: string;
  /** Supabase mode, with Auth's CAPTCHA protection on: the widget's answer. */
  captchaToken?: string;
}
