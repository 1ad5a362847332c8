/**
 * Reads a fetch Response's body with a byte cap, so that a broken or hostile server cannot make the extension hold
 * an answer of any size in memory. The bytes are counted as they arrive from the body's reader (the browser has
 * already undone Content-Encoding, so these are the decoded bytes), whatever Content-Length said: as soon as the
 * count passes the cap the reader is cancelled (the download stops) and `AnswerTooLargeError` is thrown. A
 * Content-Length above the cap fails at once, before anything is read. A null body (204, HEAD) is empty.
 *
 * `readCappedText` decodes UTF-8 strictly (a streamed fatal decoder: a character split across chunks is fine, an
 * invalid byte sequence throws `AnswerNotTextError`; a leading BOM is dropped, as `Response.text()` does).
 * `readCappedBytes` returns the bytes. Errors of the stream itself (a network failure mid-body) pass through.
 */

/** The answer is, or says it is, longer than the cap. */
export class AnswerTooLargeError extends Error {
  constructor(
    readonly maxBytes: number,
    /** The Content-Length that was refused, when it was the header that was too large. */
    readonly declaredBytes?: number,
  ) {
    super(
      declaredBytes === undefined
        ? `The answer is longer than ${maxBytes} bytes.`
        : `The answer says it is ${declaredBytes} bytes long, more than ${maxBytes}.`,
    );
    this.name = 'AnswerTooLargeError';
  }
}

/** The answer is not valid UTF-8 text. */
export class AnswerNotTextError extends Error {
  constructor() {
    super('The answer is not UTF-8 text.');
    this.name = 'AnswerNotTextError';
  }
}

/** The Content-Length header as a number, or null when there is none or it is not one plain decimal number. */
function declaredLength(res: Response): number | null {
  const header = res.headers.get('content-length')?.trim();
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

function asBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError('The response body is not a byte stream.');
}

/** Stops the download; a stream that is already closed or errored has nothing left to stop. */
function stop(reader: ReadableStreamDefaultReader<unknown> | ReadableStream<unknown>, reason: unknown): void {
  reader.cancel(reason).catch(() => undefined);
}

/** The counting core: hands each chunk to `onChunk` while the total stays within `maxBytes`. */
async function readChunks(res: Response, maxBytes: number, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError(`Invalid byte cap: ${maxBytes}.`);
  const declared = declaredLength(res);
  if (declared !== null && declared > maxBytes) {
    const error = new AnswerTooLargeError(maxBytes, declared);
    if (res.body !== null && !res.body.locked) stop(res.body, error);
    throw error;
  }
  if (res.body === null) return;
  const reader = res.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const chunk = asBytes(value);
      total += chunk.byteLength;
      if (total > maxBytes) throw new AnswerTooLargeError(maxBytes);
      onChunk(chunk);
    }
  } catch (error) {
    stop(reader, error);
    throw error;
  }
}

/** The body's exact bytes, at most `maxBytes` of them. */
export async function readCappedBytes(res: Response, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  await readChunks(res, maxBytes, (chunk) => {
    // A copy: the stream's producer may reuse its buffer once the chunk is handed over.
    chunks.push(chunk.slice());
    total += chunk.byteLength;
  });
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text, at most `maxBytes` bytes of it. */
export async function readCappedText(res: Response, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  const decode = (chunk?: Uint8Array): void => {
    try {
      parts.push(chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true }));
    } catch {
      throw new AnswerNotTextError();
    }
  };
  await readChunks(res, maxBytes, decode);
  decode();
  return parts.join('');
}
