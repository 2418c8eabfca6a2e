import "server-only";
import { isDatabaseUnavailable, logFailure, outageResponse } from "@/lib/outage";

/**
 * Wraps a route handler so that whatever it throws is answered as JSON and logged without
 * its parameters: 503 with Retry-After while the database is not answering, otherwise a
 * plain 500. Every write runs in one transaction, so a failure leaves nothing half-written
 * and a retry with the same idempotency key or externalId posts once.
 */
export function answeringFailures<Args extends unknown[]>(
  where: string,
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      return failureResponse(where, error);
    }
  };
}

export function failureResponse(where: string, error: unknown): Response {
  logFailure(where, error);
  if (isDatabaseUnavailable(error)) return outageResponse();
  return Response.json({ error: "Something went wrong on our side. Nothing was changed; try again." }, { status: 500 });
}
