/**
 * `npm run admin -- grant <email>` | `revoke <email>` | `list`: who may use /admin and the admin APIs.
 *
 * Locally it sets or removes the account's `app_metadata.role` ("admin"; `auth.users.raw_app_meta_data`)
 * in the embedded database and prints the account's id. The embedded database allows one process:
 * stop `npm run dev` / `npm start` first (the lock names the holder if you forget); the server reads
 * the admins when it starts. In the Supabase mode it changes nothing: app_metadata is written only
 * with the service role, so it prints the SQL and the supabase-js call for that.
 */
import "./load-env";
import { grantAdminRole, listAdmins, revokeAdminRole, supabaseAdminSql, type AdminEntry } from "@/lib/auth/admins";
import { boot } from "@/lib/boot";
import { closeDb } from "@/lib/db/client";
import { env } from "@/lib/env";

const usage = `Usage: npm run admin -- grant <email> | revoke <email> | list`;

type Command = { grant: string } | { revoke: string } | "list";

function parseCommand([verb, email, ...rest]: string[]): Command | null {
  if (verb === "list" && email === undefined) return "list";
  if ((verb === "grant" || verb === "revoke") && email?.includes("@") && rest.length === 0) {
    return verb === "grant" ? { grant: email.trim() } : { revoke: email.trim() };
  }
  return null;
}

function printSupabaseInstructions(command: Command) {
  const idsNote = "Or name the account's id in ADMIN_USER_IDS (comma-separated) in the app's environment, and redeploy.";
  console.log("Supabase mode: this command changes nothing. app_metadata is written only with the service role.");
  console.log("In the dashboard's SQL Editor (as postgres):\n");
  console.log(`  ${supabaseAdminSql(command)}\n`);
  if (command === "list") {
    console.log("ADMIN_USER_IDS of this environment:", env().ADMIN_USER_IDS.join(", ") || "(none)");
    return;
  }
  const role = "grant" in command ? `"admin"` : "null";
  console.log("Or from a trusted machine with the project's secret key (never in the browser):\n");
  console.log(`  await createClient(SUPABASE_URL, SUPABASE_SECRET_KEY).auth.admin.updateUserById("<id>", { app_metadata: { role: ${role} } });\n`);
  console.log("The user's next access token carries the change: within jwt_expiry (one hour by default), or at once after signing in again.");
  if ("grant" in command) console.log(idsNote);
}

const describe = (entry: AdminEntry) =>
  `${entry.id}  ${entry.email ?? "(no account has this id)"}  ${[entry.inAdminUserIds && "ADMIN_USER_IDS", entry.hasAdminRole && "app_metadata.role"].filter(Boolean).join(", ")}`;

async function runLocally(command: Command): Promise<number> {
  await boot({ worker: false });
  if (command === "list") {
    const admins = await listAdmins();
    console.log(admins.length ? admins.map(describe).join("\n") : "No admins. Sign up, stop the server, then: npm run admin -- grant <email>");
    return 0;
  }
  const email = "grant" in command ? command.grant : command.revoke;
  const user = "grant" in command ? await grantAdminRole({ email }) : await revokeAdminRole({ email });
  if (!user) {
    console.error(`No account has the email ${email}. Sign up with it first (then stop the server and run this again).`);
    return 1;
  }
  console.log(`${user.email} ${"grant" in command ? "is an admin now" : "no longer has the admin role"} (app_metadata.role).`);
  console.log(`id: ${user.id}`);
  if ("revoke" in command && env().ADMIN_USER_IDS.includes(user.id)) {
    console.log(`Still an admin through ADMIN_USER_IDS: remove ${user.id} there too.`);
  }
  console.log("The server applies it when it starts.");
  return 0;
}

async function main() {
  const command = parseCommand(process.argv.slice(2));
  if (!command) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  if (env().mode === "supabase") {
    printSupabaseInstructions(command);
    return;
  }
  process.exitCode = await runLocally(command);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
