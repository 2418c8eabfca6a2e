import "server-only";
import type { IssuedLink } from "./password-links";

/*
 * There is no mail server: the admin reads the link off the page and passes it on. In
 * development it also goes to the server log, so a developer can follow it without the page.
 * Never in production, where a log is read by more people than the link is meant for.
 */
export function logLinkInDevelopment(link: IssuedLink, purpose: "invite" | "reset"): void {
  if (process.env.NODE_ENV === "production") return;
  const origin = process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  console.info(
    JSON.stringify({
      level: "info",
      at: new Date().toISOString(),
      where: "password-link",
      purpose,
      userId: link.userId,
      email: link.email,
      link: new URL(link.path, origin).href,
      expiresAt: link.expiresAt.toISOString(),
    }),
  );
}
