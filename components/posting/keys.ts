/** A fresh Idempotency-Key per posting attempt: a double Enter or a retried request posts once. */
export function newIdempotencyKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
