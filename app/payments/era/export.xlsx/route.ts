import { eraListExportRoute } from "@/lib/reports/era/export-route";

export const dynamic = "force-dynamic";
export const GET = eraListExportRoute("xlsx");
