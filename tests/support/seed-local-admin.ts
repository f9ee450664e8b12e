/**
 * Runs before the browser tests' `next start`, on the run's fresh data directory: signs the admin
 * of ./e2e-accounts.ts up and grants it the admin role, as an operator does with `npm run admin --
 * grant` (the account must exist, and the server must not be running: the database has one owner).
 *
 *     PGLITE_DATA_DIR=/tmp/… npx tsx --conditions=react-server tests/support/seed-local-admin.ts
 */
import { grantAdminRole } from "@/lib/auth/admins";
import { signUp } from "@/lib/auth/sign-up";
import { closeDb } from "@/lib/db/client";
import { e2eAdmin } from "./e2e-accounts";

try {
  await signUp(new Request("http://localhost/api/auth/signup"), { ...e2eAdmin, clientAddress: "seed-local-admin" });
  const admin = await grantAdminRole({ email: e2eAdmin.email });
  console.log(`e2e admin: ${admin?.email} (${admin?.id})`);
} finally {
  await closeDb();
}
