import { eraListPage } from "@/lib/reports/era/page";

export const metadata = { title: "ERA remittances · Payment Balancing" };

export default eraListPage;
