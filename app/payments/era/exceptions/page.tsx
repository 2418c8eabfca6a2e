import { eraExceptionsPage } from "@/lib/reports/era/page";

export const metadata = { title: "ERA exceptions · Payment Balancing" };

export default eraExceptionsPage;
