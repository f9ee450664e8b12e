/**
 * A Postgres array literal of uuids, sent as one parameter and cast by the query (`::uuid[]`):
 * drizzle would spread a JS array into a list of parameters. The ids come from a schema that
 * checked them; anything else fails the cast, never the query's shape.
 */
export const uuidArray = (ids: readonly string[]): string => `{${ids.join(",")}}`;
