/*
 * Where a one-time link points. Pure: middleware lets exactly this shape through without a
 * session (lib/access/routes.ts), and the page reads the token from it.
 */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const SET_PASSWORD_ROUTE = /^\/set-password\/[A-Za-z0-9_-]{43}$/;

export function setPasswordPath(token: string): string {
  return `/set-password/${token}`;
}
