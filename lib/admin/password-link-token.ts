import "server-only";
import { createHash, randomBytes } from "node:crypto";

/*
 * A link's token: 32 random bytes (256 bits), base64url, so 43 characters that need no
 * escaping in a path. The database keeps only its sha-256: a copy of the table (a backup, a
 * replica) opens no account. A fast hash suffices for a random secret of that size.
 */
export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export function linkTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
