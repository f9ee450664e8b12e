import "server-only";
import type postgres from "postgres";

type Executor = { execute: (query: unknown) => Promise<postgres.RowList<postgres.Row[]>> };

/**
 * The code is written against `execute` answering `{ rows, affectedRows }` (PGlite's shape, which
 * the local mode spoke before it moved behind the wire protocol); postgres.js answers an array of
 * rows. This gives a drizzle database or transaction that shape; the query builder (select,
 * insert …) answers arrays either way.
 */
export function withRowsResults<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === "execute") {
        return async (query: unknown) => {
          const rows = await (object as unknown as Executor).execute(query);
          return { rows: [...rows], affectedRows: rows.count, fields: [] };
        };
      }
      if (property === "transaction") {
        const transaction = Reflect.get(object, property) as (work: (tx: object) => Promise<unknown>, config?: unknown) => Promise<unknown>;
        return (work: (tx: object) => Promise<unknown>, config?: unknown) =>
          transaction.call(object, (tx) => work(withRowsResults(tx)), config);
      }
      const value: unknown = Reflect.get(object, property);
      return typeof value === "function" ? value.bind(object) : value;
    },
  });
}
