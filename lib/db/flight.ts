import "server-only";
import { setImmediate as yieldToIo } from "node:timers/promises";
import { PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { Transaction } from "./client";
import { isConnectionLost } from "./errors";
import { withRowsResults } from "./rows-results";

// What drizzle's own transaction() builds over the connection it is given (drizzle-orm/postgres-js/session.js).
const Session = PostgresJsSession as unknown as new (client: object, dialect: unknown, schema: unknown, options: unknown) => object;
const TransactionOver = PostgresJsTransaction as unknown as new (dialect: unknown, session: object, schema: unknown) => object;

/** What a transaction in flights needs of the database: the driver's pool and drizzle's session. */
export interface FlightSource {
  client: postgres.Sql<{ int8: number }>;
  session: { dialect: unknown; schema: unknown; options: unknown };
}

/** A statement sent as it is, before or after the work. */
export interface FlightStatement {
  text: string;
  params: (string | number | boolean | null)[];
}

/** A statement issued after COMMIT had left (a `sendAtOnce` work that waited on one of its own answers). */
export class LateStatementError extends Error {
  constructor(text: string) {
    super(`a statement was issued after its transaction's COMMIT had been sent: ${text.slice(0, 80)}`);
    this.name = "LateStatementError";
  }
}

export interface FlightPlan<T> {
  /** Sent right after BEGIN, before the work. */
  prelude: FlightStatement[];
  /** Sent after the work, with COMMIT; not sent if the work failed. */
  beforeCommit: FlightStatement[];
  work: (tx: Transaction, flight: Flight) => Promise<T>;
  /** The work issues all its statements without waiting for any answer: `flight.commitWithThese()` from the start. */
  sendAtOnce: boolean;
  /** The `beforeCommit` statements' rows or errors (none if they were not sent), and the prelude's, once the transaction has ended. */
  onEnd?: (beforeCommit: StatementOutcome[], committed: boolean, prelude: StatementOutcome[]) => void;
}

export interface Flight {
  /**
   * The statements the work issues from now on without waiting for an answer (one, or several
   * under `Promise.all`) are its last: COMMIT leaves with them, in the same round trip. A statement
   * issued after one of their answers fails with LateStatementError. The transaction commits once
   * its statements succeed; an error the work throws afterwards, in JavaScript, no longer rolls it
   * back. Without this, COMMIT follows the work's answer, a round trip of its own.
   */
  commitWithThese(): void;
}

export type StatementOutcome = { rows: Record<string, unknown>[] } | { error: unknown };

const ignore = () => {};

const connectionLost = new Error("the connection was lost");

/**
 * Runs a transaction in as few round trips as the work allows: BEGIN, the prelude (the claims)
 * and the work's first statements leave in one write, since postgres.js
 * writes what is issued in one turn of the event loop together (patches/postgres+3.4.9.patch), and
 * a connection runs what it is given in order. The error thrown is the first one in that order:
 * after a failed statement Postgres refuses the rest as "current transaction is aborted" (25P02).
 */
export async function runInFlights<T>(source: FlightSource, plan: FlightPlan<T>): Promise<T> {
  const connection = await source.client.reserve();
  let commitSent = false;
  const guarded = {
    unsafe(text: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) {
      if (commitSent) throw new LateStatementError(text);
      return connection.unsafe(text, params, options);
    },
    savepoint() {
      throw new Error("a transaction in flights has no savepoints");
    },
  };
  const session = new Session(guarded, source.session.dialect, source.session.schema, source.session.options);
  const tx = withRowsResults(new TransactionOver(source.session.dialect, session, source.session.schema)) as unknown as Transaction;

  // Each statement is handed to the connection one microtask after `execute()` (postgres.js), so
  // these, issued now, go before anything the work issues.
  const begin = connection.unsafe("begin").execute();
  const prelude = plan.prelude.map((statement) => connection.unsafe(statement.text, statement.params).execute());
  // COMMIT waits for the next turn of the event loop, by when the last statements have been handed
  // to the connection. That turn is taken as they are announced, before they are handed over, so it
  // comes before the connection's own write of them and COMMIT joins that write.
  let lastStatementsIssued: Promise<unknown> | undefined;
  let announced!: () => void;
  const announcement = new Promise<void>((resolve) => (announced = resolve));
  const commitWithThese = () => {
    lastStatementsIssued ??= yieldToIo();
    announced();
  };
  if (plan.sendAtOnce) commitWithThese();
  const work = Promise.resolve().then(() => plan.work(tx, { commitWithThese }));
  for (const pending of [begin, ...prelude, work]) pending.catch(ignore);

  let failure: { error: unknown } | undefined;
  try {
    const finished = await Promise.race([announcement.then(() => lastStatementsIssued).then(() => true), work.then(() => true, () => false)]);
    commitSent = true;
    const closing = finished ? plan.beforeCommit.map((statement) => connection.unsafe(statement.text, statement.params).execute()) : [];
    // As extended-protocol statements, as postgres.js's own transactions end. A connection that is
    // gone has nothing to roll back (the server does so as it goes), and would never answer.
    const lost = !finished && (await work.catch((error: unknown) => isConnectionLost(error)));
    const end = lost ? Promise.reject(connectionLost) : (finished ? connection`commit` : connection`rollback`).execute();
    for (const pending of [...closing, end]) pending.catch(ignore);
    const outcomes = await Promise.allSettled([begin, ...prelude, work, ...closing]);
    const ended = await end.then((result: postgres.RowList<postgres.Row[]>) => ({ result }), (error: unknown) => ({ error }));
    // Postgres answers COMMIT of an aborted transaction with ROLLBACK, not with an error.
    const committed = "result" in ended && ended.result.command === "COMMIT";
    const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    failure = rejected ? { error: rejected.reason } : "error" in ended ? { error: ended.error } : undefined;
    const outcomeOf = (outcome: PromiseSettledResult<unknown>): StatementOutcome =>
      outcome.status === "fulfilled" ? { rows: [...(outcome.value as postgres.RowList<postgres.Row[]>)] } : { error: outcome.reason };
    plan.onEnd?.(outcomes.slice(outcomes.length - closing.length).map(outcomeOf), committed, outcomes.slice(1, 1 + prelude.length).map(outcomeOf));
    if (failure) throw failure.error;
    return (outcomes[1 + prelude.length] as PromiseFulfilledResult<T>).value;
  } finally {
    // A connection that is gone closes in the event loop's close phase, after this turn's
    // immediates: released before then, it would go back to the pool and be handed out again (the
    // patched release() skips one that has closed). A timer runs after that phase.
    if (failure && isConnectionLost(failure.error)) await new Promise((resolve) => setTimeout(resolve, 0));
    connection.release();
  }
}
