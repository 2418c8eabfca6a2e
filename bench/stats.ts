export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summary(samples: number[]) {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), n: samples.length };
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : "–");
