/** The browser tests' admin: created and granted before `next start` by ./seed-local-admin.ts. */
export const e2eAdmin = { email: "admin@e2e.test", password: "admin-password-123" };
