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
 * Text written piece by piece and taken in rechunk's chunks: `size` UTF-16
 * units each (a unit shorter where a chunk would end between the halves of a
 * surrogate pair), the last one shorter. Pieces are kept as they are until a
 * chunk is full, then joined once: a writer that makes its text in small
 * pieces (a table's cells and padding) never joins them into lines first.
 */
export class ChunkBuilder {
  private readonly run: string[] = [];
  private length = 0;
  private full: string[] = [];

  constructor(readonly size = CHUNK_CHARS) {
    if (!(size >= 2)) throw new RangeError(`ChunkBuilder: size ${size} < 2`);
  }

  /** Nothing is held: no piece since the last chunk was taken. */
  get empty(): boolean {
    return this.length === 0;
  }

  /** Whether a chunk is full, to be taken with `take`. */
  get ready(): boolean {
    return this.full.length > 0;
  }

  add(piece: string): void {
    if (this.length + piece.length < this.size) {
      this.run.push(piece);
      this.length += piece.length;
      return;
    }
    let at = 0;
    while (this.length + (piece.length - at) >= this.size) {
      const n = this.size - this.length;
      this.run.push(at === 0 && n === piece.length ? piece : piece.slice(at, at + n));
      at += n;
      this.length = this.size;
      this.cut();
    }
    if (at < piece.length) {
      this.run.push(at === 0 ? piece : piece.slice(at));
      this.length += piece.length - at;
    }
  }

  /** The chunks filled since the last call, in order. */
  take(): string[] {
    const full = this.full;
    this.full = [];
    return full;
  }

  /** The last chunk: what is held (empty when nothing is). */
  end(): string {
    const s = this.run.join('');
    this.run.length = 0;
    this.length = 0;
    return s;
  }

  /** The held pieces as one full chunk; a high surrogate at its end starts the next one. */
  private cut(): void {
    // One piece is the chunk as it is: a one-element join is that string, no copy.
    let s = this.run.join('');
    // The same array for the next chunk: it has grown to a chunk's number of pieces once.
    this.run.length = 0;
    this.length = 0;
    if (isHighSurrogate(s.charCodeAt(s.length - 1))) {
      this.run.push(s.slice(-1));
      this.length = 1;
      s = s.slice(0, -1);
    }
    this.full.push(s);
  }
}

/**
 * The same text in chunks of `size` UTF-16 units (the last one shorter; one a
 * unit shorter where it would end between the halves of a surrogate pair,
 * which UTF-8 cannot encode apart): small parts are joined, big ones cut. A
 * chunk that already has that size (or one unit less, not ending in a high
 * surrogate: a ChunkBuilder's), coming when nothing is held, passes as it is.
 */
export function* rechunk(chunks: Chunks, size = CHUNK_CHARS): Generator<string> {
  const out = new ChunkBuilder(size);
  for (const c of chunks) {
    if (out.empty && (c.length === size || c.length === size - 1) && !isHighSurrogate(c.charCodeAt(c.length - 1))) {
      yield c;
      continue;
    }
    out.add(c);
    if (out.ready) for (const full of out.take()) yield full;
  }
  const last = out.end();
  if (last.length > 0) yield last;
}
