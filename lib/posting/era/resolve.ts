import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { eraExceptionResolution, paymentLine } from "@/db/schema";
import type { Viewer } from "@/lib/access/viewer";
import { recordAudit } from "@/lib/audit";
import { PostingError } from "@/lib/posting/errors";
import { requirePosting } from "@/lib/posting/rules";
import type { ClaimAdjustment } from "@/lib/era";
import { linesOf, type LineAmounts } from "./match";

/*
 * Resolving an ERA exception: the poster chooses the charge the held money pays. That adds
 * the payment lines (the service line's paid amount and its CAS, or the whole claim's money for
 * a claim-level exception) to the payment that holds the money, and a resolution row; nothing
 * else moves, and nothing is edited. A second resolution of the same exception is refused.
 */

interface StoredAdjustment {
  group: string;
  reason: string;
  amountCents: number;
}

interface ExceptionRecord {
  id: number;
  amountCents: number;
  serviceLine: number | null;
  paymentId: number;
  remittanceId: number;
  resolved: boolean;
  detail: {
    adjustments: StoredAdjustment[];
    serviceLines: Array<{ paidCents: number; adjustments: StoredAdjustment[] }>;
  };
}

const asAdjustments = (stored: readonly StoredAdjustment[]): ClaimAdjustment[] =>
  stored.map((adjustment) => ({ ...adjustment, segment: 0, quantity: null }));

/** The lines the held money becomes on the chosen charge. */
function resolutionLines(exception: ExceptionRecord): LineAmounts[] {
  if (exception.serviceLine !== null) {
    const line = exception.detail.serviceLines[exception.serviceLine];
    return linesOf(exception.amountCents, asAdjustments(line?.adjustments ?? []));
  }
  // The claim as a whole: its money, with every adjustment the payer gave for it.
  const adjustments = [...exception.detail.adjustments, ...exception.detail.serviceLines.flatMap((line) => line.adjustments)];
  return linesOf(exception.amountCents, asAdjustments(adjustments));
}

export async function resolveEraException(db: Database, viewer: Viewer, exceptionId: number, chargeId: number): Promise<{ paymentId: number }> {
  requirePosting(viewer);
  return db.transaction(async (transactionDb) => {
    const tx = transactionDb as unknown as Database;
    // Locks the exception's claim row, so two posters resolving it at once are told apart.
    const [exception] = await queryRows<ExceptionRecord>(
      tx,
      sql`select x.id, x.amount_cents as "amountCents", x.service_line as "serviceLine", c.payment_id as "paymentId",
                 x.remittance_id as "remittanceId", c.detail,
                 exists (select 1 from era_exception_resolution r where r.exception_id = x.id) as resolved
          from era_exception x join era_claim c on c.practice_id = x.practice_id and c.id = x.era_claim_id
          where x.practice_id = ${viewer.practiceId} and x.id = ${exceptionId}
          for update of c`,
    );
    if (!exception) throw new PostingError(404, "No ERA exception of this practice has that number.");
    if (exception.resolved) throw new PostingError(409, "This exception is already resolved.");
    const [target] = await queryRows<{ id: number }>(
      tx,
      sql`select id from charge where practice_id = ${viewer.practiceId} and id = ${chargeId}`,
    );
    if (!target) throw new PostingError(422, "Choose a charge of this practice.", "chargeId");
    await tx.insert(paymentLine).values(
      resolutionLines(exception).map((line) => ({ practiceId: viewer.practiceId, paymentId: exception.paymentId, chargeId, ...line })),
    );
    await tx.insert(eraExceptionResolution).values({ exceptionId, practiceId: viewer.practiceId, chargeId, resolvedBy: viewer.userId });
    await recordAudit(tx, {
      practiceId: viewer.practiceId,
      userId: viewer.userId,
      action: "era_exception_resolved",
      details: { exceptionId, remittanceId: exception.remittanceId, paymentId: exception.paymentId, chargeId, amountCents: exception.amountCents },
    });
    return { paymentId: exception.paymentId };
  });
}
