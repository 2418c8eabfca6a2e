import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { appUser, passwordLink, signInFailure } from "@/db/schema";
import { linkTokenHash } from "@/lib/admin/password-link-token";
import { recordAudit } from "@/lib/audit";
import { hashPassword, passwordProblem } from "./password-policy";

/** A link that cannot set a password, and why, in the words its holder reads. */
export class UnusableLink extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnusableLink";
  }
}

/** A new password the policy refuses; the link stays usable. */
export class RefusedPassword extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedPassword";
  }
}

const ASK_AGAIN = "ask your Billing Admin for a new link.";

interface LinkState {
  email: string;
  name: string;
  purpose: "invite" | "reset";
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  disabled: boolean;
  expired: boolean;
}

async function linkState(db: Database, token: string): Promise<LinkState | null> {
  const [row] = await db
    .select({
      email: appUser.email,
      name: appUser.name,
      purpose: passwordLink.purpose,
      expiresAt: passwordLink.expiresAt,
      usedAt: passwordLink.usedAt,
      revokedAt: passwordLink.revokedAt,
      disabled: sql<boolean>`${appUser.disabledAt} is not null`,
      expired: sql<boolean>`${passwordLink.expiresAt} <= now()`,
    })
    .from(passwordLink)
    .innerJoin(appUser, and(eq(appUser.practiceId, passwordLink.practiceId), eq(appUser.id, passwordLink.userId)))
    .where(eq(passwordLink.tokenHash, linkTokenHash(token)));
  return row ? { ...row, purpose: row.purpose as LinkState["purpose"] } : null;
}

function whyUnusable(state: LinkState | null): string {
  if (!state) return `This link is not one we issued. Check that it was copied whole, or ${ASK_AGAIN}`;
  if (state.usedAt) return `This link has been used already. Sign in with the password you set, or ${ASK_AGAIN}`;
  if (state.revokedAt) return `This link was replaced by a newer one. Use the newest link, or ${ASK_AGAIN}`;
  if (state.disabled) return "This account is disabled. Talk to your Billing Admin.";
  if (state.expired) return `This link has expired. Please ${ASK_AGAIN}`;
  return `This link cannot be used. Please ${ASK_AGAIN}`;
}

/** What the set-password page shows before the form: whose link this is, or why it cannot be used. */
export async function describeLink(
  db: Database,
  token: string,
): Promise<{ usable: true; email: string; name: string; purpose: "invite" | "reset"; expiresAt: Date } | { usable: false; message: string }> {
  const state = await linkState(db, token);
  if (!state || state.usedAt || state.revokedAt || state.disabled || state.expired) {
    return { usable: false, message: whyUnusable(state) };
  }
  return { usable: true, email: state.email, name: state.name, purpose: state.purpose, expiresAt: state.expiresAt };
}

/**
 * Sets the password of the link's user and uses the link up. The policy is checked first,
 * so a refused password leaves the link usable. The link is taken by one conditional UPDATE:
 * of two submissions at once, the second waits for the first's row lock, finds used_at set
 * and sets nothing.
 */
export async function setPasswordFromLink(db: Database, token: string, password: string): Promise<{ email: string }> {
  const state = await linkState(db, token);
  if (!state) throw new UnusableLink(whyUnusable(state));
  const problem = passwordProblem(password, { email: state.email });
  if (problem) throw new RefusedPassword(problem);
  const passwordHash = await hashPassword(password);
  const taken = await db.transaction(async (tx) => {
    const [link] = await queryRows<{ id: number; practiceId: number; userId: number; purpose: string }>(
      tx as unknown as Database,
      sql`update password_link l set used_at = now()
          from app_user u
          where l.token_hash = ${linkTokenHash(token)} and l.used_at is null and l.revoked_at is null
            and l.expires_at > now() and u.practice_id = l.practice_id and u.id = l.user_id and u.disabled_at is null
          returning l.id, l.practice_id as "practiceId", l.user_id as "userId", l.purpose`,
    );
    if (!link) return null;
    await tx
      .update(appUser)
      .set({ passwordHash })
      .where(and(eq(appUser.practiceId, link.practiceId), eq(appUser.id, link.userId), isNull(appUser.disabledAt)));
    // A user locked out by failed tries and given a new password may try it at once.
    await tx.delete(signInFailure).where(eq(signInFailure.userId, link.userId));
    await recordAudit(tx as unknown as Database, {
      practiceId: link.practiceId,
      userId: link.userId,
      action: "password_set_from_link",
      details: { linkId: link.id, purpose: link.purpose },
    });
    return link;
  });
  if (!taken) throw new UnusableLink(whyUnusable(await linkState(db, token)));
  return { email: state.email };
}
