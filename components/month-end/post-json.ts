/** POSTs a JSON body to one of the month-end API routes: its answer when it took it, else the words to show. */
export async function postJson<Answer>(path: string, body: Record<string, string>): Promise<{ answer: Answer } | { error: string }> {
  try {
    const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const answer = (await response.json().catch(() => ({}))) as Answer & { error?: string };
    if (response.ok) return { answer };
    return { error: answer.error ?? `The server answered ${response.status}.` };
  } catch {
    return { error: "The server could not be reached. Nothing was changed; try again." };
  }
}
