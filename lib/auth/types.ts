export interface AuthSession {
  user: { id: string; email: string };
  accessToken: string;
  /** Unix seconds, as Supabase's `expires_at`. */
  expiresAt: number;
}
