import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/app-database";
import { loadViewer } from "@/lib/access/viewer";
import { verifyCredentials } from "./credentials";
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
        const result = await verifyCredentials(
          await getDb(),
          parsed.data.email,
          parsed.data.password,
          sourceAddress(request?.headers),
        );
        if (!result.ok) throw new Error(result.message);
        return { id: String(result.userId), practiceId: result.practiceId, name: result.name, email: result.email };
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
      }
      if (typeof token.userId !== "number" || typeof token.practiceId !== "number") return token;
      const viewer = await loadViewer(await getDb(), token.userId, token.practiceId);
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
};
