import { auditLogPage } from "@/lib/reports/audit-log/page";

export const metadata = { title: "Audit log · Payment Balancing" };

export default auditLogPage;
