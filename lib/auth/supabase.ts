import "server-only";

/**
 * The Supabase half of auth, loaded on first use in the Supabase mode only: the local mode never
 * pays for loading @supabase/supabase-js.
 */
export const supabaseAuth = () => import("./supabase-auth");
