/*
 * Where an 835 comes from: a file's ReadStream, a Request body (a web ReadableStream) or, in
 * tests, a list of chunks. All are read chunk by chunk and decoded as they arrive, so a large
 * file is never in memory as one string.
 */

export type EraChunk = Uint8Array | string;

export type EraSource = AsyncIterable<EraChunk> | Iterable<EraChunk> | ReadableStream<Uint8Array>;

function isReadableStream(source: EraSource): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream<Uint8Array>).getReader === "function";
}

async function* chunksOf(source: EraSource): AsyncGenerator<EraChunk> {
  // A web ReadableStream is async-iterable in Node 20, but the DOM typings do not say so: read it
  // through its reader, which both runtimes and the typings agree on.
  if (isReadableStream(source) && !(Symbol.asyncIterator in source)) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* source as AsyncIterable<EraChunk> | Iterable<EraChunk>;
}

/**
 * The text of the source, piece by piece. UTF-8 with a streaming decoder, so a character split
 * across two chunks is decoded whole; bytes that are not UTF-8 (an old Latin-1 payer name) become
 * U+FFFD rather than failing the file, since X12's delimiters and codes are ASCII either way. A
 * leading byte-order mark is dropped (the decoder does it for bytes; by hand for string chunks).
 */
export async function* decodeText(source: EraSource): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  let first = true;
  for await (const chunk of chunksOf(source)) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}
