import { safeCallbackPath } from "@/lib/auth/redirect";
import { SignInForm } from "./SignInForm";

export const metadata = { title: "Sign in · Payment Balancing" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <section className="sign-in">
      <h1>Sign in</h1>
      <SignInForm callbackPath={safeCallbackPath(typeof callbackUrl === "string" ? callbackUrl : null)} />
    </section>
  );
}
