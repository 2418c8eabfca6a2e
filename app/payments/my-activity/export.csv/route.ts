import { myActivityExportRoute } from "@/lib/reports/my-activity/export-route";

export const dynamic = "force-dynamic";
export const GET = myActivityExportRoute("csv");
