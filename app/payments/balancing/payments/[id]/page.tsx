import { paymentDrillDownPage } from "@/lib/reports/payment-balancing/page";

export const metadata = { title: "Payment lines · Payment Balancing" };

export default paymentDrillDownPage("standard");
