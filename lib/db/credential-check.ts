import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { FlightStatement, StatementOutcome } from "./flight";

/**
 * A statement that proves the request's credentials (an API key, lib/keys/api-key-proof.ts). Until
 * it has passed once in the request, it leads every user transaction the request opens, in the
 * same flight as BEGIN: its failure aborts the transaction before any of the work's statements
 * run, and costs no round trip of its own.
 */
export interface CredentialCheck {
  /** The statement to send, or null once it has passed in this request. */
  pending: () => FlightStatement | null;
  /** Its outcome, when a transaction that carried it has ended. */
  settle: (outcome: StatementOutcome) => void;
  /** The error the transaction throws when this statement is the one that failed. */
  errorFor: (error: unknown) => unknown;
}

// One storage per process: route bundles each load their own copy of this module.
const globalKey = Symbol.for("mneme.credential-check");
const store = globalThis as typeof globalThis & { [globalKey]?: AsyncLocalStorage<CredentialCheck> };
const storage = (store[globalKey] ??= new AsyncLocalStorage<CredentialCheck>());

export function withCredentialCheck<T>(check: CredentialCheck, work: () => Promise<T>): Promise<T> {
  return storage.run(check, work);
}

export function currentCredentialCheck(): CredentialCheck | undefined {
  return storage.getStore();
}
