"use server";

import type { Database } from "@/db/client";
import type { Viewer } from "@/lib/access/viewer";
import { AccessDenied } from "@/lib/access/viewer";
import { asViewer } from "@/lib/http/viewer-action";
import { MAX_RECORD_ID } from "@/lib/ledger-vocabulary";
import { PostingError, type ActionResult } from "@/lib/posting/errors";
import { resolveEraException } from "@/lib/posting/era/resolve";
import { chargeInScope, eraChargeCandidates } from "@/lib/reports/era/exceptions";

/*
 * The ERA worklist's server actions: public endpoints, so each loads the viewer and lets the
 * data layer check permission and input; refusals come back as {ok: false, error}.
 */

function acting<T>(run: (db: Database, viewer: Viewer) => Promise<T>): Promise<ActionResult<T>> {
  return asViewer(async (db, viewer): Promise<ActionResult<T>> => ({ ok: true, value: await run(db, viewer) }), {
    signedOut: { ok: false, error: "Your session has ended. Sign in again.", field: null },
    refusal: (error) =>
      error instanceof PostingError
        ? { ok: false, error: error.message, field: error.field }
        : error instanceof AccessDenied
          ? { ok: false, error: "Your roles do not include posting payments.", field: null }
          : null,
  });
}

function recordIdOf(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0 || value > MAX_RECORD_ID) {
    throw new PostingError(422, `That ${what} could not be read; reload the page.`);
  }
  return value;
}

/** Candidate charges by patient name, MRN or claim number. */
export async function searchEraChargesAction(text: string) {
  return acting((db, viewer) => eraChargeCandidates(db, viewer, typeof text === "string" ? text.slice(0, 200) : ""));
}

/** Applies the exception's held money to the chosen charge (lib/posting/era/resolve.ts). */
export async function resolveEraExceptionAction(exceptionId: number, chargeId: number) {
  return acting(async (db, viewer) => {
    const exception = recordIdOf(exceptionId, "exception");
    const chosen = recordIdOf(chargeId, "charge");
    // A location-restricted poster chooses among the charges of their own locations (scope.ts).
    if (!(await chargeInScope(db, viewer, chosen))) throw new PostingError(422, "Choose a charge of this practice at one of your locations.", "chargeId");
    return resolveEraException(db, viewer, exception, chosen);
  });
}
