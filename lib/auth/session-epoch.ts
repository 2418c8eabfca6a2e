/*
 * A token signed in before sessions_revoked_at existed carries no epoch: it counts as signed
 * in under "never revoked", so it lives until the user's first reset, as it should.
 */
export function sessionEpochOf(token: Record<string, unknown>): string {
  return typeof token.sessionEpoch === "string" ? token.sessionEpoch : "0";
}
