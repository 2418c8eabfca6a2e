import { breakdownExportRoute } from "@/lib/reports/month-end/export-route";

export const dynamic = "force-dynamic";
export const GET = breakdownExportRoute("xlsx");
