import { monthEndPage } from "@/lib/reports/month-end/page";

export const metadata = { title: "Month-end close · Payment Balancing" };

export default monthEndPage;
