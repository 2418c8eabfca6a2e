import type { Metadata } from "next";
import Link from "next/link";
import { NavMenu } from "@/components/layout/NavMenu";
import { SignOutButton } from "@/components/layout/SignOutButton";
import { permissionsOf } from "@/lib/access/permissions";
import { currentViewer } from "@/lib/auth/session";
import "./globals.css";

export const metadata: Metadata = { title: "Payment Balancing" };
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const viewer = await currentViewer();
  return (
    <html lang="en">
      <body>
        <header className="app-header">
          <Link href="/" className="brand">
            Payment Balancing
          </Link>
          {viewer && <NavMenu permissions={[...permissionsOf(viewer.roles)]} />}
          {viewer && (
            <div className="who">
              <span>{viewer.name}</span>
              <Link href="/account/password">Password</Link>
              <SignOutButton />
            </div>
          )}
        </header>
        <main className="app-main">{children}</main>
      </body>
    </html>
  );
}
