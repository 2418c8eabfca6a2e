import { paymentBalancingExportRoute } from "@/lib/export/payment-balancing-route";

export const dynamic = "force-dynamic";
export const GET = paymentBalancingExportRoute("standard", "xlsx");
