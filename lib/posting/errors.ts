import type { z } from "zod";

/*
 * Why a posting was refused, in words a poster understands, with the HTTP status the API
 * answers and the input field at fault (a dotted path such as "lines.2.paid"), so the
 * route handlers, the server actions and the form all report the same thing.
 */
export class PostingError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = "PostingError";
  }
}

/** What a server action hands back to the form: never a thrown error for a refused posting. */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: string; field: string | null };

function fieldPath(path: readonly PropertyKey[]): string | null {
  return path.length === 0 ? null : path.map(String).join(".");
}

/** The first problem zod found, as a 422 naming its field ("Line 2: …" for a payment line). */
export function fromZodError(error: z.ZodError): PostingError {
  const issue = error.issues[0];
  if (!issue) return new PostingError(422, "The request could not be read.");
  const [first, index] = issue.path;
  const message = first === "lines" && typeof index === "number" ? `Line ${index + 1}: ${issue.message}` : issue.message;
  return new PostingError(422, message, fieldPath(issue.path));
}
