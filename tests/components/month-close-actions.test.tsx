/** @jest-environment jsdom */
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MonthCloseActions } from "@/components/month-end/MonthCloseActions";

/* The close/reopen form: a confirmation first, a reason where one is needed, the API's own words on a refusal. */

const refresh = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const fetchMock = jest.fn();
beforeEach(() => {
  fetchMock.mockReset();
  refresh.mockClear();
  global.fetch = fetchMock as unknown as typeof fetch;
});

const answer = (status: number, body: unknown) => Promise.resolve({ ok: status === 200, status, json: () => Promise.resolve(body) } as Response);

function sent(): { url: string; body: unknown } {
  const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
  return { url, body: JSON.parse(String(init.body)) };
}

it("closes a month whose checklist holds after a confirmation, with {}", async () => {
  fetchMock.mockReturnValueOnce(answer(200, { month: "2025-03", closedAt: "2025-04-02T16:00:00.000Z", snapshotId: 4 }));
  render(<MonthCloseActions month="2025-03" label="March 2025" closed={false} blockerCount={0} />);
  await userEvent.click(screen.getByRole("button", { name: "Close March 2025" }));
  expect(fetchMock).not.toHaveBeenCalled();
  expect(screen.getByRole("alert")).toHaveTextContent("Close March 2025? Nothing more can be posted with a deposit date in it");
  await userEvent.click(screen.getByRole("button", { name: "Yes, close March 2025" }));
  await waitFor(() => expect(refresh).toHaveBeenCalled());
  expect(sent()).toEqual({ url: "/api/month-end/2025-03/close", body: {} });
});

it("needs an override reason while items are in the way, and shows the API's refusal", async () => {
  fetchMock.mockReturnValueOnce(answer(409, { error: "March 2025 is already closed." }));
  render(<MonthCloseActions month="2025-03" label="March 2025" closed={false} blockerCount={2} />);
  await userEvent.click(screen.getByRole("button", { name: "Close March 2025 with an override" }));
  expect(screen.getByRole("alert")).toHaveTextContent("Say why the month is closed with items still in the way.");
  await userEvent.type(screen.getByLabelText(/Override reason \(2 items are in the way\)/), "Short-paid check chased with Aetna");
  await userEvent.click(screen.getByRole("button", { name: "Close March 2025 with an override" }));
  await userEvent.click(screen.getByRole("button", { name: "Yes, close March 2025 with an override" }));
  await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("March 2025 is already closed."));
  expect(sent()).toEqual({ url: "/api/month-end/2025-03/close", body: { overrideReason: "Short-paid check chased with Aetna" } });
  expect(refresh).not.toHaveBeenCalled();
});

it("reopens a closed month with its reason", async () => {
  fetchMock.mockReturnValueOnce(answer(200, { month: "2025-03", reopenedAt: "2025-04-03T16:00:00.000Z", snapshotId: 4 }));
  render(<MonthCloseActions month="2025-03" label="March 2025" closed blockerCount={0} />);
  await userEvent.type(screen.getByLabelText("Why is it reopened?"), "Deposit keyed to the wrong day");
  await userEvent.click(screen.getByRole("button", { name: "Reopen March 2025" }));
  await userEvent.click(screen.getByRole("button", { name: "Yes, reopen March 2025" }));
  await waitFor(() => expect(refresh).toHaveBeenCalled());
  expect(sent()).toEqual({ url: "/api/month-end/2025-03/reopen", body: { reason: "Deposit keyed to the wrong day" } });
});
