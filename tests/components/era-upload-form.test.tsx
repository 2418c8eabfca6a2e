/** @jest-environment jsdom */
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { EraUploadForm } from "@/components/era/EraUploadForm";

const refresh = jest.fn();
jest.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

function answer(status: number, body: unknown) {
  return Promise.resolve({ ok: status === 200, status, json: () => Promise.resolve(body) } as Response);
}

const fetchMock = jest.fn();
beforeEach(() => {
  fetchMock.mockReset();
  refresh.mockClear();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe("the ERA upload form", () => {
  it("sends each file on its own and shows each transaction's outcome, or the file's message", async () => {
    let release: () => void = () => undefined;
    fetchMock
      .mockImplementationOnce(
        () =>
          new Promise<Response>((resolve) => {
            release = () =>
              resolve({
                ok: true,
                status: 200,
                json: () =>
                  Promise.resolve({
                    transactions: [
                      { traceNumber: "EFT100", amount: "232.50", status: "posted", batchNumber: "ERA-7", exceptions: 1, reason: null, remittanceId: 7 },
                      { traceNumber: "EFT101", amount: "10.00", status: "already_posted", batchNumber: "ERA-3", exceptions: 0, reason: "Already posted.", remittanceId: 3 },
                      { traceNumber: "EFT102", amount: "5950.21", status: "refused", batchNumber: null, exceptions: 0, reason: "BPR02 $5,950.21 ≠ claims $467.69 − provider adjustments $0.00", remittanceId: 9 },
                    ],
                  }),
              } as Response);
          }),
      )
      .mockImplementationOnce(() => answer(422, { error: "segment 2: the file does not start with ISA", segment: 2 }));
    render(<EraUploadForm />);
    const files = [new File(["ISA*…"], "monday.835", { type: "" }), new File(["junk"], "broken.txt", { type: "text/plain" })];
    await userEvent.upload(screen.getByLabelText("835 files (.835 or .txt)"), files);
    await userEvent.click(screen.getByRole("button", { name: "Upload" }));

    const progress = screen.getByRole("list", { name: "Upload progress" });
    await waitFor(() => expect(within(progress).getByText("monday.835").parentElement).toHaveTextContent("Reading…"));
    expect(within(progress).getByText("broken.txt").parentElement).toHaveTextContent("Waiting…");
    release();

    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("segment 2: the file does not start with ISA (segment 2)"));
    const monday = within(progress).getByText("monday.835").parentElement!;
    expect(monday).toHaveTextContent("Posted trace EFT100, $232.50: batch ERA-7 · 1 exception to resolve");
    expect(within(monday).getByRole("link", { name: "batch ERA-7" })).toHaveAttribute("href", "/payments/era/7");
    expect(within(monday).getByRole("link", { name: "1 exception to resolve" })).toHaveAttribute("href", "/payments/era/exceptions");
    expect(monday).toHaveTextContent("Already posted trace EFT101, $10.00: batch ERA-3; nothing was posted again.");
    expect(within(monday).getByRole("link", { name: "batch ERA-3" })).toHaveAttribute("href", "/payments/era/3");
    expect(monday).toHaveTextContent("Refused trace EFT102, $5,950.21: BPR02 $5,950.21 ≠ claims $467.69 − provider adjustments $0.00");

    expect(fetchMock).toHaveBeenCalledTimes(2);
    const [url, init] = fetchMock.mock.calls[0]! as [string, RequestInit];
    expect(url).toBe("/payments/era/upload");
    expect(init).toMatchObject({ method: "POST", body: files[0], headers: { "Content-Type": "text/plain", "X-Era-File-Name": "monday.835" } });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("uploads files dropped on the drop zone", async () => {
    fetchMock.mockImplementationOnce(() => answer(200, { transactions: [] }));
    render(<EraUploadForm />);
    const file = new File(["ISA"], "dropped.835");
    fireEvent.drop(screen.getByTestId("era-drop-zone"), { dataTransfer: { files: [file] } });
    await waitFor(() => expect(screen.getByText("dropped.835").parentElement).toHaveTextContent("The file holds no transactions."));
    expect(fetchMock).toHaveBeenCalledWith("/payments/era/upload", expect.objectContaining({ body: file }));
  });
});
