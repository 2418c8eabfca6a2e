import { eraRemittancePage } from "@/lib/reports/era/page";

export const metadata = { title: "ERA remittance · Payment Balancing" };

export default eraRemittancePage;
