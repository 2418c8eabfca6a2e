import { eraExceptionsExportRoute } from "@/lib/reports/era/export-route";

export const dynamic = "force-dynamic";
export const GET = eraExceptionsExportRoute("csv");
