/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CreateBatchForm } from "@/components/posting/CreateBatchForm";
import type { BatchSummary } from "@/lib/posting/batches";
import type { ActionResult } from "@/lib/posting/errors";
import type { BatchInput } from "@/lib/posting/schemas";

const push = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));

const created = { batchNumber: "B261128-P2-2" } as BatchSummary;

function renderForm() {
  const createBatch = jest.fn(async (): Promise<ActionResult<BatchSummary>> => ({ ok: true, value: created }));
  render(
    <CreateBatchForm
      suggestedNumber="B261128-P2-1"
      today="2026-11-28"
      locations={[{ locationId: 3, name: "Mesa Clinic", code: "MESA" }]}
      createBatch={createBatch}
    />,
  );
  return createBatch;
}

describe("New batch form", () => {
  it("leaves a number still as suggested to the server, which takes the next free one if it was taken", async () => {
    const createBatch = renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Create batch" }));
    expect(createBatch).toHaveBeenCalledTimes(1);
    expect((createBatch.mock.calls[0] as unknown as [BatchInput])[0]).toMatchObject({ batchNumber: null, locationId: 3 });
    expect(push).toHaveBeenCalledWith("/payments/post/batches/B261128-P2-2");
  });

  it("sends a number the poster typed as it is", async () => {
    const createBatch = renderForm();
    const number = screen.getByLabelText("Batch number");
    await userEvent.clear(number);
    await userEvent.type(number, "SLIP-77");
    await userEvent.click(screen.getByRole("button", { name: "Create batch" }));
    expect((createBatch.mock.calls[0] as unknown as [BatchInput])[0]).toMatchObject({ batchNumber: "SLIP-77" });
  });
});
