import { myActivityPage } from "@/lib/reports/my-activity/page";

export const metadata = { title: "My Payment Activity · Payment Balancing" };

export default myActivityPage;
