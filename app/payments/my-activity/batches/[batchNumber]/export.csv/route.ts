import { myActivityBatchExportRoute } from "@/lib/export/my-activity-route";

export const dynamic = "force-dynamic";
export const GET = myActivityBatchExportRoute("csv");
