"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { Permission, ReportVariant } from "@/lib/access/permissions";
import { balancingPath, variantOfPath, variantSwitchHref } from "@/lib/reports/payment-balancing/paths";

interface MenuItem {
  href: string;
  label: string;
  permission: Permission;
  /** A Payment Balancing variant: reached from the other one, it keeps the report's query. */
  variant?: ReportVariant;
}

const PAYMENTS: MenuItem[] = [
  { href: "/payments/post", label: "Post Payments", permission: "postPayments" },
  { href: "/payments/era", label: "ERA remittances", permission: "postPayments" },
  { href: "/payments/my-activity", label: "My Payment Activity", permission: "myActivity" },
  { href: balancingPath("standard"), label: "Payment Balancing", permission: "paymentBalancing", variant: "standard" },
  {
    href: balancingPath("full-access"),
    label: "Payment Balancing (Full Access)",
    permission: "paymentBalancingFullAccess",
    variant: "full-access",
  },
  { href: "/payments/month-end", label: "Month-end close", permission: "paymentBalancing" },
];
const ADMIN: MenuItem[] = [
  { href: "/admin/users", label: "Users", permission: "adminUsers" },
  { href: "/admin/audit", label: "Audit log", permission: "auditLog" },
];

/** Where an item leads from this page: switching variants keeps the filters, as the report's own switch link does. */
function hrefFrom(item: MenuItem, pathname: string, search: string): string {
  const current = variantOfPath(pathname);
  return item.variant && current && current !== item.variant ? variantSwitchHref(item.variant, search) : item.href;
}

/**
 * One menu of the WAI-ARIA menu-button pattern: the button opens it with Enter, Space or
 * ArrowDown (first item) and ArrowUp (last item); inside, arrows move and wrap, Home and End
 * jump, Escape closes and gives focus back to the button, Tab closes and moves on. One item at
 * a time is in the Tab order (roving tabindex), the one focus is on.
 */
function Menu({ title, items }: { title: string; items: MenuItem[] }) {
  const pathname = usePathname();
  const search = useSearchParams()?.toString() ?? "";
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const links = useRef<Array<HTMLAnchorElement | null>>([]);
  const menuId = useId();

  // A client-side navigation keeps the layout mounted: close the menu once the page changes.
  useEffect(() => setOpen(false), [pathname]);
  // A menu closes on a click anywhere else.
  useEffect(() => {
    if (!open) return;
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePointer);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePointer);
  }, [open]);
  // Focus follows the active item while the menu is open.
  useEffect(() => {
    if (open) links.current[active]?.focus();
  }, [open, active]);

  function openAt(index: number) {
    setActive(index);
    setOpen(true);
  }

  function close(focusButton: boolean) {
    setOpen(false);
    if (focusButton) button.current?.focus();
  }

  function onButtonKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      openAt(event.key === "ArrowDown" ? 0 : items.length - 1);
    }
  }

  function onMenuKey(event: KeyboardEvent<HTMLUListElement>) {
    const last = items.length - 1;
    const to = { ArrowDown: active === last ? 0 : active + 1, ArrowUp: active === 0 ? last : active - 1, Home: 0, End: last }[
      event.key
    ];
    if (to !== undefined) {
      event.preventDefault();
      setActive(to);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") {
      // Tab leaves the menu for the next control on the page, closing it behind.
      close(false);
    }
  }

  return (
    <div className="menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {title}
      </button>
      <ul role="menu" id={menuId} aria-label={title} hidden={!open} onKeyDown={onMenuKey}>
        {items.map((item, index) => (
          <li key={item.href} role="none">
            {/* Choosing the page already open changes no path, so the effect above would not close it. */}
            <Link
              ref={(link) => {
                links.current[index] = link;
              }}
              role="menuitem"
              tabIndex={index === active ? 0 : -1}
              href={hrefFrom(item, pathname, search)}
              onClick={() => setOpen(false)}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Shows only what the user may open: the same permission table middleware uses. */
export function NavMenu({ permissions }: { permissions: Permission[] }) {
  const allowed = (items: MenuItem[]) => items.filter((item) => permissions.includes(item.permission));
  return (
    <nav aria-label="Main" className="nav-menus">
      {[
        { title: "Payments", items: allowed(PAYMENTS) },
        { title: "Admin", items: allowed(ADMIN) },
      ].map(({ title, items }) => (items.length > 0 ? <Menu key={title} title={title} items={items} /> : null))}
    </nav>
  );
}
