import { monthBreakdownPage } from "@/lib/reports/month-end/page";

export const metadata = { title: "Month-End Payments Breakdown · Payment Balancing" };

export default monthBreakdownPage;
