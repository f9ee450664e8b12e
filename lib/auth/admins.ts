import "server-only";
import { getDb, type Database } from "@/lib/db/client";
import { withService, withServiceStatement } from "@/lib/db/transaction";
import { getAppRoleById, listUsersByAppRole, listUsersByIds, setAppRoleByEmail, type AuthUser } from "@/lib/db/queries/auth-users";
import { env } from "@/lib/env";

/**
 * Who is an admin (API.md): the accounts the operator names by id in ADMIN_USER_IDS, and those whose
 * `app_metadata.role` is "admin". No user can give themselves either: ids are the operator's
 * configuration, and app_metadata is written only with the service role (`user_metadata`, which
 * users write themselves, never counts). An email address grants nothing: whoever signs up first
 * owns it.
 */
export const adminRole = "admin";

export interface AdminClaims {
  sub: string;
  /** `app_metadata.role` of a verified Supabase access token. */
  appRole?: string;
}

export async function isAdmin(claims: AdminClaims): Promise<boolean> {
  const config = env();
  if (config.ADMIN_USER_IDS.includes(claims.sub.toLowerCase())) return true;
  // GoTrue copies app_metadata into every access token it signs, so a token outlives a revoke by up
  // to jwt_expiry: the claim only says whether to ask, and auth.users answers, once per request
  // of an admin (a grant still reaches a user with their next token). Nobody else pays a query.
  if (config.mode === "supabase") {
    if (claims.appRole !== adminRole) return false;
    return (await withServiceStatement("auth.admins", (db) => getAppRoleById(db, { id: claims.sub }))) === adminRole;
  }
  return (await localAdminIds()).has(claims.sub);
}

// Local tokens carry no role: they live a week, and a role signed into one would outlast its revoke
// by as long. The role is read from auth.users instead, once per opened database: that is exact,
// because the embedded database belongs to this one process (its lock) and the role changes only
// through setLocalAdminRole, here or in `npm run admin` while the server is stopped. No query per
// request.
const globalKey = Symbol.for("mneme.local-admins");
const holder = globalThis as typeof globalThis & { [globalKey]?: WeakMap<Database, Promise<Set<string>>> };
const loadedAdmins = () => (holder[globalKey] ??= new WeakMap());

async function localAdminIds(): Promise<Set<string>> {
  const db = await getDb();
  const known = loadedAdmins().get(db);
  if (known) return known;
  const loading = withService("auth.admins", (tx) => listUsersByAppRole(tx, { role: adminRole })).then((users) => new Set(users.map((user) => user.id)));
  loadedAdmins().set(db, loading);
  // A failed read is not kept: the next request reads again.
  loading.catch(() => {
    if (loadedAdmins().get(db) === loading) loadedAdmins().delete(db);
  });
  return loading;
}

async function setLocalAdminRole(email: string, role: string | null): Promise<AuthUser | null> {
  if (env().mode === "supabase") throw new Error("In the Supabase mode app_metadata is written with the service role: see supabaseAdminSql");
  const user = await withService("auth.admins", (tx) => setAppRoleByEmail(tx, { email, role }));
  loadedAdmins().delete(await getDb());
  return user;
}

/** Local mode: makes the account with this email an admin. Its id and email, or null if there is none. */
export const grantAdminRole = ({ email }: { email: string }) => setLocalAdminRole(email, adminRole);

/** Local mode: takes the admin role back (ADMIN_USER_IDS still counts). Null if no account has the email. */
export const revokeAdminRole = ({ email }: { email: string }) => setLocalAdminRole(email, null);

export interface AdminEntry {
  id: string;
  /** Null for an id in ADMIN_USER_IDS that no account has. */
  email: string | null;
  inAdminUserIds: boolean;
  hasAdminRole: boolean;
}

/** Local mode: every admin, by ADMIN_USER_IDS and by role. */
export async function listAdmins(): Promise<AdminEntry[]> {
  const { ADMIN_USER_IDS } = env();
  const [withRole, named] = await withService("auth.admins", async (tx) => [
    await listUsersByAppRole(tx, { role: adminRole }),
    await listUsersByIds(tx, { ids: ADMIN_USER_IDS }),
  ]);
  const entries = new Map<string, AdminEntry>();
  for (const id of ADMIN_USER_IDS) {
    entries.set(id, { id, email: named.find((user) => user.id === id)?.email ?? null, inAdminUserIds: true, hasAdminRole: false });
  }
  for (const user of withRole) {
    const entry = entries.get(user.id);
    if (entry) entry.hasAdminRole = true;
    else entries.set(user.id, { ...user, inAdminUserIds: false, hasAdminRole: true });
  }
  return [...entries.values()];
}

const sqlString = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * The SQL an operator runs in the Supabase dashboard's SQL editor (as postgres) for what the local
 * mode does itself; each statement answers with the ids it concerns.
 */
export function supabaseAdminSql(command: { grant: string } | { revoke: string } | "list"): string {
  if (command === "list") return `select id, email from auth.users where raw_app_meta_data ->> 'role' = '${adminRole}' order by lower(email);`;
  const [email, change] =
    "grant" in command ? [command.grant, `coalesce(raw_app_meta_data, '{}') || '{"role":"${adminRole}"}'`] : [command.revoke, "raw_app_meta_data - 'role'"];
  return `update auth.users set raw_app_meta_data = ${change} where lower(email) = lower(${sqlString(email)}) returning id, email;`;
}
