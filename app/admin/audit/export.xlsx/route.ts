import { auditLogExportRoute } from "@/lib/reports/audit-log/export-route";

export const dynamic = "force-dynamic";
export const GET = auditLogExportRoute("xlsx");
