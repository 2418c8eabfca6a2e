"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import type { Permission } from "@/lib/access/permissions";

interface MenuItem {
  href: string;
  label: string;
  permission: Permission;
}

const PAYMENTS: MenuItem[] = [
  { href: "/payments/post", label: "Post Payments", permission: "postPayments" },
  { href: "/payments/era", label: "ERA remittances", permission: "postPayments" },
  { href: "/payments/my-activity", label: "My Payment Activity", permission: "myActivity" },
  { href: "/payments/balancing", label: "Payment Balancing", permission: "paymentBalancing" },
  { href: "/payments/balancing/full-access", label: "Payment Balancing (Full Access)", permission: "paymentBalancingFullAccess" },
  { href: "/payments/month-end", label: "Month-end close", permission: "paymentBalancing" },
];
const ADMIN: MenuItem[] = [
  { href: "/admin/users", label: "Users", permission: "adminUsers" },
  { href: "/admin/audit", label: "Audit log", permission: "auditLog" },
];

function closeMenu(details: HTMLDetailsElement | null) {
  if (details) details.open = false;
}

function Menu({ title, items, permissions }: { title: string; items: MenuItem[]; permissions: Permission[] }) {
  const pathname = usePathname();
  const menu = useRef<HTMLDetailsElement>(null);
  // A client-side navigation keeps the layout mounted: close the menu once the page changes.
  useEffect(() => closeMenu(menu.current), [pathname]);
  // A <details> closes only on its own summary; a menu is expected to close on Escape and
  // on a click anywhere else too.
  useEffect(() => {
    const details = menu.current;
    if (!details) return;
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false;
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details.open) return;
      details.open = false;
      details.querySelector("summary")?.focus();
    };
    document.addEventListener("pointerdown", closeOnOutsidePointer);
    details.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("pointerdown", closeOnOutsidePointer);
      details.removeEventListener("keydown", closeOnEscape);
    };
  }, []);
  const visible = items.filter((item) => permissions.includes(item.permission));
  if (visible.length === 0) return null;
  return (
    <details className="menu" ref={menu}>
      <summary>{title}</summary>
      <ul role="menu">
        {visible.map((item) => (
          <li key={item.href} role="none">
            {/* Choosing the page already open changes no path, so the effect above would not close it. */}
            <Link role="menuitem" href={item.href} onClick={() => closeMenu(menu.current)}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Shows only what the user may open: the same permission table middleware uses. */
export function NavMenu({ permissions }: { permissions: Permission[] }) {
  return (
    <nav aria-label="Main" className="nav-menus">
      <Menu title="Payments" items={PAYMENTS} permissions={permissions} />
      <Menu title="Admin" items={ADMIN} permissions={permissions} />
    </nav>
  );
}
