import { paymentBalancingPage } from "@/lib/reports/payment-balancing/page";

export const metadata = { title: "Payment Balancing" };

export default paymentBalancingPage("standard");
