import { paymentBalancingExportRoute } from "@/lib/reports/payment-balancing/export-route";

export const dynamic = "force-dynamic";
export const GET = paymentBalancingExportRoute("standard", "xlsx");
