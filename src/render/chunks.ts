// An output as chunks: strings written one after another, whose concatenation
// is the text. A renderer hands its parts as chunks instead of joining them,
// so that no output is bounded by the longest string V8 makes (2^29 − 24
// UTF-16 units) and none is held twice (parts and joined text) on its way out.
// A renderer does every piece of work that can fail on bad input before it
// returns its chunks (they join what is already made; JSON builds its tree
// first, and its long lists of rows, made as they are written, only print
// nodes of a derivation already made), so a writer that fails half-way fails
// for its own reasons (a disk, a pipe, memory), never on bad input.

/** Chunks in order; iterated once by whoever writes them. */
export type Chunks = Iterable<string>;

/** The chunks' text as one string (what the string-returning renderers give). */
export function joinChunks(chunks: Chunks): string {
  if (Array.isArray(chunks)) return (chunks as readonly string[]).join('');
  // Joined in flat runs of about CHUNK_CHARS units: millions of small strings at once cost more than the text.
  const runs: string[] = [];
  let run: string[] = [];
  let length = 0;
  for (const c of chunks) {
    run.push(c);
    length += c.length;
    if (length >= CHUNK_CHARS) {
      runs.push(run.join(''));
      run = [];
      length = 0;
    }
  }
  runs.push(run.join(''));
  return runs.join('');
}

/**
 * The chunks of `parts.join(separator) + end`: `parts` with `separator`
 * between them and `end` after the last. Iterable any number of times.
 */
export function separated(parts: readonly string[], separator: string, end = ''): Chunks {
  return {
    *[Symbol.iterator]() {
      for (let k = 0; k < parts.length; k++) {
        if (k > 0) yield separator;
        yield parts[k]!;
      }
      if (end !== '') yield end;
    },
  };
}

/** The size (UTF-16 units) of the chunks a writer writes: 64K, about 64 KiB to 192 KiB of UTF-8. */
export const CHUNK_CHARS = 1 << 16;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * The same text in chunks of `size` UTF-16 units (the last one shorter; one a
 * unit shorter where it would end between the halves of a surrogate pair,
 * which UTF-8 cannot encode apart): small parts are joined, big ones cut.
 */
export function* rechunk(chunks: Chunks, size = CHUNK_CHARS): Generator<string> {
  if (!(size >= 2)) throw new RangeError(`rechunk: size ${size} < 2`);
  let run: string[] = [];
  let length = 0;
  const take = (): string => {
    let s = run.join('');
    run = [];
    length = 0;
    if (isHighSurrogate(s.charCodeAt(s.length - 1))) {
      run.push(s.slice(-1));
      length = 1;
      s = s.slice(0, -1);
    }
    return s;
  };
  for (const c of chunks) {
    let at = 0;
    while (length + (c.length - at) >= size) {
      const n = size - length;
      run.push(at === 0 && n === c.length ? c : c.slice(at, at + n));
      at += n;
      length = size;
      yield take();
    }
    if (at < c.length) {
      run.push(at === 0 ? c : c.slice(at));
      length += c.length - at;
    }
  }
  if (length > 0) yield run.join('');
}
