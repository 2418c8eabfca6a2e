/** @jest-environment jsdom */
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { BatchStateControl } from "@/components/posting/BatchStateControl";
import type { BatchStateChange } from "@/lib/posting/batch-state";

const refresh = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const changed = (state: "open" | "closed", reason: string | null = null) =>
  Promise.resolve({ ok: true as const, value: { batchNumber: "B-7", state, changedAt: "2026-03-04T17:00:00.000Z", reason } satisfies BatchStateChange });

beforeEach(() => refresh.mockClear());

function renderControl(props: Partial<Parameters<typeof BatchStateControl>[0]> = {}) {
  const closeBatch = jest.fn(() => changed("closed"));
  const reopenBatch = jest.fn((_: string, reason: string) => changed("open", reason));
  render(
    <BatchStateControl
      batchNumber="B-7"
      closedAt={null}
      timezone="America/Phoenix"
      mayClose
      mayReopen={false}
      closeBatch={closeBatch}
      reopenBatch={reopenBatch}
      {...props}
    />,
  );
  return { closeBatch, reopenBatch };
}

describe("the batch state control", () => {
  it("closes an open batch after the poster confirms, then renders the batch again", async () => {
    const confirm = jest.spyOn(window, "confirm").mockReturnValueOnce(false).mockReturnValueOnce(true);
    const { closeBatch } = renderControl();
    expect(screen.getByText("Open")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Close batch" }));
    expect(closeBatch).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Close batch" }));
    expect(confirm).toHaveBeenLastCalledWith("Close batch B-7? Nothing more can be posted into it, and only a Billing Admin can reopen it.");
    expect(closeBatch).toHaveBeenCalledWith("B-7");
    expect(refresh).toHaveBeenCalledTimes(1);
    confirm.mockRestore();
  });

  it("shows when a batch was closed, and offers no button to a poster who may not reopen it", () => {
    renderControl({ closedAt: "2026-03-04T17:00:00.000Z" });
    expect(screen.getByText("Closed 3/4/2026 10:00 AM")).toBeInTheDocument();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("asks a Billing Admin why before reopening, and shows a refusal", async () => {
    const reopenBatch = jest
      .fn()
      .mockResolvedValueOnce({ ok: false, error: "Batch B-7 is in March 2026, which is closed; reopen the month before the batch.", field: "batchNumber" });
    renderControl({ closedAt: "2026-03-04T17:00:00.000Z", mayReopen: true, reopenBatch });
    await userEvent.click(screen.getByRole("button", { name: "Reopen…" }));
    await userEvent.click(screen.getByRole("button", { name: "Reopen batch" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Say why the batch is reopened.");
    expect(reopenBatch).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText("Why is batch B-7 reopened?"), "A check was left out");
    await userEvent.click(screen.getByRole("button", { name: "Reopen batch" }));
    expect(reopenBatch).toHaveBeenCalledWith("B-7", "A check was left out");
    expect(screen.getByRole("alert")).toHaveTextContent("which is closed; reopen the month before the batch.");
    expect(refresh).not.toHaveBeenCalled();
  });
});
