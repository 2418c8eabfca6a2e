import { paymentBalancingPage } from "@/lib/reports/payment-balancing/page";

export const metadata = { title: "Payment Balancing (Full Access)" };

export default paymentBalancingPage("full-access");
