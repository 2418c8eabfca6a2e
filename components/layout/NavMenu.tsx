import Link from "next/link";
import type { Permission } from "@/lib/access/permissions";

interface MenuItem {
  href: string;
  label: string;
  permission: Permission;
}

const PAYMENTS: MenuItem[] = [
  { href: "/payments/post", label: "Post Payments", permission: "postPayments" },
  { href: "/payments/my-activity", label: "My Payment Activity", permission: "myActivity" },
  { href: "/payments/balancing", label: "Payment Balancing", permission: "paymentBalancing" },
  { href: "/payments/balancing/full-access", label: "Payment Balancing (Full Access)", permission: "paymentBalancingFullAccess" },
];
const ADMIN: MenuItem[] = [{ href: "/admin/users", label: "Users", permission: "adminUsers" }];

function Menu({ title, items, permissions }: { title: string; items: MenuItem[]; permissions: Set<Permission> }) {
  const visible = items.filter((item) => permissions.has(item.permission));
  if (visible.length === 0) return null;
  return (
    <details className="menu">
      <summary>{title}</summary>
      <ul role="menu">
        {visible.map((item) => (
          <li key={item.href} role="none">
            <Link role="menuitem" href={item.href}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Shows only what the user may open: the same permission table middleware uses. */
export function NavMenu({ permissions }: { permissions: Set<Permission> }) {
  return (
    <nav aria-label="Main" className="nav-menus">
      <Menu title="Payments" items={PAYMENTS} permissions={permissions} />
      <Menu title="Admin" items={ADMIN} permissions={permissions} />
    </nav>
  );
}
