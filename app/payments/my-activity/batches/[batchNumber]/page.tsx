import { myActivityBatchPage } from "@/lib/reports/my-activity/page";

export const metadata = { title: "Batch · My Payment Activity · Payment Balancing" };

export default myActivityBatchPage;
