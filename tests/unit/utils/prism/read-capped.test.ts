/**
 * The capped body reader (utils/prism/read-capped.ts), on `new Response(new ReadableStream(...))` streams that
 * count what is pulled from them: the cap holds whatever Content-Length says, and reading stops as soon as it is
 * passed.
 */
import { describe, expect, it } from 'vitest';
import {
  AnswerNotTextError,
  AnswerTooLargeError,
  readCappedBytes,
  readCappedText,
} from '../../../../utils/prism/read-capped';

interface Source {
  stream: ReadableStream<Uint8Array>;
  /** How many chunks the reader asked for. */
  readonly pulls: number;
  /** The reason the stream was cancelled with, or undefined while it has not been. */
  readonly cancelled: unknown;
}

/**
 * A stream giving `chunk(i)` for i = 0, 1, 2…, closing when it returns null. `highWaterMark: 0` makes it produce a
 * chunk only when one is read, so `pulls` counts exactly the chunks the reader took.
 */
function source(chunk: (i: number) => Uint8Array | null): Source {
  let pulls = 0;
  let cancelled: unknown;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunk(pulls++);
        if (next === null) controller.close();
        else controller.enqueue(next);
      },
      cancel(reason) {
        cancelled = reason ?? 'cancelled';
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    get pulls() {
      return pulls;
    },
    get cancelled() {
      return cancelled;
    },
  };
}

const chunksOf = (list: Uint8Array[]) => source((i) => list[i] ?? null);
const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);
const response = (body: ReadableStream<Uint8Array> | null, contentLength?: string) =>
  new Response(body, contentLength === undefined ? {} : { headers: { 'content-length': contentLength } });

describe('readCappedText', () => {
  it('returns the text of a body under the cap, without Content-Length', async () => {
    const src = chunksOf([utf8('{"a":'), utf8('1}')]);
    await expect(readCappedText(response(src.stream), 100)).resolves.toBe('{"a":1}');
    expect(src.cancelled).toBeUndefined();
  });

  it('accepts exactly maxBytes and refuses one byte more', async () => {
    await expect(readCappedText(response(chunksOf([utf8('12345')]).stream), 5)).resolves.toBe('12345');
    await expect(readCappedText(response(chunksOf([utf8('123456')]).stream), 5)).rejects.toThrow(AnswerTooLargeError);
    await expect(readCappedText(response(chunksOf([utf8('123'), utf8('456')]).stream), 5)).rejects.toThrow(
      AnswerTooLargeError,
    );
  });

  it('cuts a body without Content-Length at the chunk that passes the cap, and cancels the stream', async () => {
    const src = source((i) => (i < 10 ? new Uint8Array(100).fill(0x61) : null));
    const error = await readCappedText(response(src.stream), 250).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error).toMatchObject({ name: 'AnswerTooLargeError', maxBytes: 250, declaredBytes: undefined });
    expect(src.pulls).toBe(3);
    expect(src.cancelled).toBe(error);
  });

  it('ends an endless stream with AnswerTooLargeError', async () => {
    const src = source(() => new Uint8Array(1024).fill(0x7b));
    await expect(readCappedText(response(src.stream), 10 * 1024)).rejects.toThrow(AnswerTooLargeError);
    expect(src.pulls).toBe(11);
    expect(src.cancelled).toBeInstanceOf(AnswerTooLargeError);
  });

  it('cuts a body longer than its lying Content-Length', async () => {
    const src = source(() => new Uint8Array(1024).fill(0x20));
    await expect(readCappedText(response(src.stream, '10'), 4096)).rejects.toThrow(AnswerTooLargeError);
    expect(src.pulls).toBe(5);
  });

  it('refuses a Content-Length above the cap before pulling any chunk', async () => {
    const src = source(() => utf8('x'));
    const error = await readCappedText(response(src.stream, '2097153'), 2 * 1024 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error).toMatchObject({ maxBytes: 2097152, declaredBytes: 2097153 });
    expect(src.pulls).toBe(0);
    expect(src.cancelled).toBe(error);
  });

  it('reads a body whose Content-Length is under the cap and true', async () => {
    const body = utf8('{"ok":true}');
    await expect(readCappedText(response(chunksOf([body]).stream, String(body.length)), 11)).resolves.toBe(
      '{"ok":true}',
    );
  });

  it('ignores a Content-Length that is not a number, and counts the bytes instead', async () => {
    await expect(readCappedText(response(chunksOf([utf8('abc')]).stream, 'lots'), 3)).resolves.toBe('abc');
    const src = source(() => utf8('abc'));
    await expect(readCappedText(response(src.stream, 'lots'), 10)).rejects.toThrow(AnswerTooLargeError);
  });

  it('decodes multi-byte characters split across chunks, at every split point', async () => {
    const text = '탄핵안 국회 본회의 가결 — ünïcödé 😀 漢字';
    const all = utf8(text);
    for (let at = 0; at <= all.length; at++) {
      const src = chunksOf([all.slice(0, at), all.slice(at)]);
      await expect(readCappedText(response(src.stream), all.length)).resolves.toBe(text);
    }
    const oneByteEach = chunksOf([...all].map((b) => bytes(b)));
    await expect(readCappedText(response(oneByteEach.stream), all.length)).resolves.toBe(text);
  });

  it('counts bytes, not characters', async () => {
    // 3 Hangul syllables are 9 UTF-8 bytes.
    await expect(readCappedText(response(chunksOf([utf8('한국어')]).stream), 9)).resolves.toBe('한국어');
    await expect(readCappedText(response(chunksOf([utf8('한국어')]).stream), 8)).rejects.toThrow(AnswerTooLargeError);
  });

  it.each([
    ['a byte that never starts a character', [bytes(0x7b), bytes(0xff, 0x7d)]],
    ['a UTF-16 surrogate encoded as UTF-8', [bytes(0xed, 0xa0, 0x80)]],
    ['an overlong encoding', [bytes(0xc0, 0xaf)]],
    ['a character cut off at the end of the body', [utf8('ok '), bytes(0xed, 0x95)]],
    ['Latin-1 text', [bytes(0x63, 0x61, 0x66, 0xe9)]],
  ])('throws AnswerNotTextError on %s', async (_what, chunks) => {
    const error = await readCappedText(response(chunksOf(chunks).stream), 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerNotTextError);
    expect(error).toMatchObject({ name: 'AnswerNotTextError' });
  });

  it('stops reading at the first invalid chunk', async () => {
    const src = source((i) => (i === 0 ? bytes(0xff) : utf8('x')));
    await expect(readCappedText(response(src.stream), 1_000_000)).rejects.toThrow(AnswerNotTextError);
    expect(src.pulls).toBe(1);
    expect(src.cancelled).toBeInstanceOf(AnswerNotTextError);
  });

  it('drops a leading byte order mark, as Response.text() does', async () => {
    const body = [bytes(0xef, 0xbb, 0xbf), utf8('{}')];
    await expect(readCappedText(response(chunksOf(body).stream), 5)).resolves.toBe('{}');
    await expect(response(chunksOf(body).stream).text()).resolves.toBe('{}');
  });

  it('returns an empty string for a null body and for an empty stream', async () => {
    await expect(readCappedText(new Response(null), 0)).resolves.toBe('');
    await expect(readCappedText(new Response(null, { status: 204 }), 10)).resolves.toBe('');
    await expect(readCappedText(response(chunksOf([]).stream), 0)).resolves.toBe('');
    await expect(readCappedText(response(chunksOf([new Uint8Array(0)]).stream), 0)).resolves.toBe('');
  });

  it('works on bodies made from strings, as fetch gives them', async () => {
    await expect(readCappedText(new Response('{"story":"연합뉴스"}'), 100)).resolves.toBe('{"story":"연합뉴스"}');
    await expect(readCappedText(new Response('x'.repeat(101)), 100)).rejects.toThrow(AnswerTooLargeError);
  });

  it('passes an error of the stream itself through unchanged', async () => {
    const failure = new TypeError('network error');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(utf8('{"a"'));
        controller.error(failure);
      },
    });
    await expect(readCappedText(response(stream), 100)).rejects.toBe(failure);
  });

  it('refuses a cap that is not a non-negative integer', async () => {
    for (const cap of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(readCappedText(new Response('x'), cap)).rejects.toThrow(RangeError);
    }
  });
});

describe('readCappedBytes', () => {
  it('returns the exact bytes, across chunks', async () => {
    const chunks = [bytes(0x00, 0xff, 0x80), bytes(), bytes(0xed, 0xa0), bytes(0x80, 0x7f)];
    const src = chunksOf(chunks);
    const out = await readCappedBytes(response(src.stream), 7);
    expect(out).toBeInstanceOf(Uint8Array);
    expect([...out]).toEqual([0x00, 0xff, 0x80, 0xed, 0xa0, 0x80, 0x7f]);
  });

  it('keeps its copy when the producer reuses its buffer', async () => {
    const buffer = new Uint8Array(2);
    const src = source((i) => (i < 3 ? buffer.fill(i + 1) : null));
    expect([...(await readCappedBytes(response(src.stream), 6))]).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('has the same cap as the text reader', async () => {
    const endless = source(() => new Uint8Array(64));
    await expect(readCappedBytes(response(endless.stream), 1000)).rejects.toThrow(AnswerTooLargeError);
    expect(endless.pulls).toBe(16);
    const declared = source(() => new Uint8Array(1));
    await expect(readCappedBytes(response(declared.stream, '1001'), 1000)).rejects.toThrow(AnswerTooLargeError);
    expect(declared.pulls).toBe(0);
  });

  it('returns no bytes for a null body', async () => {
    expect((await readCappedBytes(new Response(null), 0)).length).toBe(0);
  });
});
