/*
 * A batch's state (issue 23) as every report shows and filters it: "open" while payments may
 * be posted into it, "closed" once its poster or a Billing Admin closed it. Both payment
 * reports read the URL parameter `batch_state=open|closed` and word the values alike. Pure:
 * it runs in middleware and in the browser.
 */

export const BATCH_STATES = ["open", "closed"] as const;
export type BatchStateValue = (typeof BATCH_STATES)[number];

export const BATCH_STATE_LABELS: Readonly<Record<BatchStateValue, string>> = { open: "Open", closed: "Closed" };

/** The URL parameter, in the snake case of the other report filters (`payer_type`, `deposit_date`). */
export const BATCH_STATE_PARAM = "batch_state";
