/** The SQLSTATE a failed query ended with (Drizzle wraps the driver's error as `cause`). */
export async function postgresErrorCode(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
    if (code) return code;
    throw error;
  }
  throw new Error("expected the query to fail");
}
