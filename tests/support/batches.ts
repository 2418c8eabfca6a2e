/** Every batch an export's read snapshot yields, in order. */
export async function collectBatches<Row>(batches: AsyncIterable<Row[]>): Promise<Row[][]> {
  const seen: Row[][] = [];
  for await (const batch of batches) seen.push(batch);
  return seen;
}
