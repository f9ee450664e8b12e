import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { FlightStatement, StatementOutcome } from "./flight";

/**
 * A statement a request would like sent with its first user transaction rather than on its own
 * (the per-request limiter and counter; a finished reply's charge): it leaves after the work, with
 * COMMIT, as the server's own role again, so the work does not see it, and the transaction commits or rolls back with it. It
 * is not sent when the work failed.
 */
export interface RideAlong {
  statement: FlightStatement;
  /** Its rows or its error, and whether its transaction committed; not called if it was never sent. */
  settle?: (outcome: StatementOutcome, committed: boolean) => void;
  /** The error the transaction throws when this statement is the one that failed (by default its own). */
  errorFor?: (error: unknown) => unknown;
}

const pending = new AsyncLocalStorage<{ rideAlong?: RideAlong }>();

/** Runs `work` with `rideAlong` waiting for the first user transaction `work` opens. */
export function withRideAlong<T>(rideAlong: RideAlong, work: () => Promise<T>): Promise<T> {
  return pending.run({ rideAlong }, work);
}

/** The waiting ride-along, taken so that only one transaction sends it. */
export function takeRideAlong(): RideAlong | undefined {
  const store = pending.getStore();
  const rideAlong = store?.rideAlong;
  if (store) store.rideAlong = undefined;
  return rideAlong;
}
