import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/app-database";
import { loadViewer } from "@/lib/access/viewer";
import { isDatabaseUnavailable, logFailure, OUTAGE_MESSAGE } from "@/lib/outage";
import { verifyCredentials } from "./credentials";
import { SIGN_IN_BROKE } from "./messages";
import { sessionEpochOf } from "./session-epoch";
import { sourceAddress } from "./source-address";
import { safeCallbackPath } from "./redirect";

const signInForm = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(200) });

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = signInForm.safeParse(credentials);
        if (!parsed.success) throw new Error("Enter your email and password.");
        let result: Awaited<ReturnType<typeof verifyCredentials>>;
        try {
          result = await verifyCredentials(await getDb(), parsed.data.email, parsed.data.password, sourceAddress(request?.headers));
        } catch (error) {
          throw signInFailure(error);
        }
        if (!result.ok) throw new Error(result.message);
        return {
          id: String(result.userId),
          practiceId: result.practiceId,
          sessionEpoch: result.sessionEpoch,
          name: result.name,
          email: result.email,
        };
      },
    }),
  ],
  callbacks: {
    /*
     * The token carries who the user is, plus a copy of their roles and locations for
     * middleware's early checks. The copy is refreshed from the database whenever the session
     * endpoint reads the token, which middleware asks before it refuses a request; pages and
     * the data layer never trust it.
     */
    async jwt({ token, user }) {
      if (user) {
        token.userId = Number(user.id);
        token.practiceId = (user as unknown as { practiceId: number }).practiceId;
        token.sessionEpoch = (user as unknown as { sessionEpoch: string }).sessionEpoch;
      }
      if (typeof token.userId !== "number" || typeof token.practiceId !== "number") return token;
      let viewer: Awaited<ReturnType<typeof loadViewer>>;
      try {
        viewer = await loadViewer(await getDb(), token.userId, token.practiceId, sessionEpochOf(token));
      } catch (error) {
        // next-auth would clear the session cookie on a throw: an outage would sign everyone
        // out. The token's copy stands until the database answers; pages check it again.
        if (!isDatabaseUnavailable(error)) throw error;
        logFailure("session", error);
        return token;
      }
      if (!viewer) return { ...token, disabled: true, roles: [], locationIds: [] };
      return { ...token, disabled: false, roles: viewer.roles, locationIds: viewer.locationIds };
    },
    /*
     * A disabled (or deleted) user's token is marked by the jwt callback above. next-auth
     * sends whatever this returns as the body of GET /api/auth/session, and its client reads
     * an empty object as signed out: such a user gets `{}`, as a signed-out visitor does.
     */
    async session({ session, token }) {
      if (token.disabled || typeof token.userId !== "number") return {} as typeof session;
      return {
        ...session,
        userId: token.userId as number,
        practiceId: token.practiceId as number,
      };
    },
    async redirect({ url, baseUrl }) {
      return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
    },
  },
  /*
   * next-auth's own logger prints the error it caught with its message, which for a failed
   * statement holds the SQL and its parameters (emails, ids): one structured line instead.
   */
  logger: {
    error(code, metadata) {
      logFailure(`next-auth ${code}`, metadata instanceof Error ? metadata : (metadata as { error?: unknown }).error);
    },
    warn(code) {
      console.warn(JSON.stringify({ level: "warn", at: new Date().toISOString(), where: "next-auth", code }));
    },
    debug() {},
  },
};

/*
 * next-auth hands the message of what authorize throws to the sign-in form, in a URL: a
 * failed statement's would show its SQL and parameters. The form says the database is not
 * answering, or that something went wrong on our side; the failure is logged without them.
 */
function signInFailure(error: unknown): Error {
  logFailure("sign-in", error);
  return new Error(isDatabaseUnavailable(error) ? OUTAGE_MESSAGE : SIGN_IN_BROKE);
}
