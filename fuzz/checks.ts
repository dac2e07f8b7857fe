// The judgements a property makes of one outcome. Each returns the kinds of
// failure it sees (an empty list: none), with a short detail for the report.
import type { Case, Outcome } from './case.js';

export interface Failure {
  /** The failure kind, counted in the report: `exit-3`, `stack-trace`, `exit-2-lines`, … */
  readonly kind: string;
  readonly detail: string;
}

const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n)}…` : s);

/** A JavaScript stack frame in what a user sees. */
export function hasStackTrace(s: string): boolean {
  return /^\s+at (?:.+ \()?(?:file:|node:|\/|<anonymous>)[^\n]*\)?$/m.test(s);
}

/** A raw engine error in what a user sees: JavaScript's message instead of lagrad's. */
export function hasEngineError(s: string): boolean {
  return /(?:RangeError|TypeError|ReferenceError|SyntaxError|InternalError): |Maximum call stack size exceeded|JavaScript heap out of memory|FATAL ERROR|Aborted \(core dumped\)|Cannot read properties of (?:undefined|null)|Cannot set properties of/.test(s);
}

/** No exit 3, no stack trace, no exception out of main(), no signal. */
export function internalErrors(c: Case, o: Outcome): Failure[] {
  const f: Failure[] = [];
  if (o.threw !== undefined) f.push({ kind: 'threw', detail: clip(o.threw) });
  if (o.code === 3) f.push({ kind: 'exit-3', detail: clip(o.stderr) });
  if (o.code !== null && ![0, 1, 2, 3].includes(o.code)) f.push({ kind: `exit-${o.code}`, detail: clip(o.stderr) });
  const verbose = c.args.includes('--verbose');
  if (!verbose && hasStackTrace(o.stderr)) f.push({ kind: 'stack-trace', detail: clip(o.stderr) });
  if (hasEngineError(o.stderr)) f.push({ kind: 'engine-error', detail: clip(o.stderr) });
  if (/^\s+at .*\.(?:js|ts):\d+:\d+\)?$/m.test(o.stdout.slice(0, 20_000))) f.push({ kind: 'stack-trace-stdout', detail: clip(o.stdout) });
  return f;
}

/** Over the time bound, killed, or out of memory (real runs). */
export function bounds(o: Outcome, boundMs: number): Failure[] {
  if (o.timedOut) return [{ kind: 'timeout', detail: `killed after ${Math.round(o.ms)} ms (bound ${boundMs} ms)` }];
  if (/heap out of memory|FATAL ERROR|Reached heap limit/.test(o.stderr) || o.code === 134) return [{ kind: 'memory', detail: clip(o.stderr) }];
  if (o.signal) return [{ kind: `signal-${o.signal}`, detail: clip(o.stderr) }];
  if (o.ms > boundMs) return [{ kind: 'timeout', detail: `${Math.round(o.ms)} ms (bound ${boundMs} ms)` }];
  return [];
}

/**
 * Where an error is: `L:C:`, `FILE:L:C:`, `FILE:L:`, a file (quoted when it has a
 * space, a colon or a quote) or an argument
 * named before `: `, an option (`--at …`, `-o …`), a claim (`claim for x1:`),
 * or the argument or command that is unknown or missing.
 */
export function hasPosition(message: string): boolean {
  return /^(?:\S+?:)?\d+:\d+: /.test(message)
    || /^\S+:\d+: /.test(message)
    || /^--?[A-Za-z][\w-]*(?:\/--?[A-Za-z][\w-]*)?\b/.test(message)
    || /^claim for (?:[^:"]+|"(?:[^"\\\n]|\\.)*"): /.test(message)
    || /^(?:unknown (?:option|command)|missing (?:the argument|input|command)|nothing to check)\b/.test(message)
    || /^lagrad \w+ takes /.test(message)
    || /^[^\s:]+: /.test(message)
    // A file name with a space, a colon or a quote, quoted (cli/errors.ts's pathWord): 'a b.yaml':3:4: …
    || /^(?:'[^'\n]*'|"(?:[^"\\\n]|\\.)*")(?::\d+){0,2}: /.test(message);
}

/** Every exit 2: one line `lagrad: error: …` naming a position, nothing on stdout, no file written. */
export function usageErrorForm(o: Outcome): Failure[] {
  if (o.code !== 2) return [];
  const f: Failure[] = [];
  if (!/^lagrad: error: [^\n]+\n$/.test(o.stderr)) f.push({ kind: o.stderr.split('\n').filter(Boolean).length > 1 ? 'exit-2-lines' : 'exit-2-form', detail: clip(o.stderr) });
  else if (!hasPosition(o.stderr.slice('lagrad: error: '.length))) f.push({ kind: 'exit-2-no-position', detail: clip(o.stderr) });
  if (o.stdout !== '') f.push({ kind: 'exit-2-stdout', detail: clip(o.stdout) });
  if (o.written.size > 0) f.push({ kind: 'exit-2-wrote', detail: [...o.written.keys()].join(', ') });
  return f;
}

/** C0 controls but tab and newline (CR only before LF), DEL, C1, and the bidirectional and separator characters. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;
/** The theme's colours, when --color asked for them. */
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

function controlIn(s: string, colour: boolean): string | undefined {
  const t = colour ? s.replace(SGR, '') : s;
  const m = CONTROL.exec(t);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} at ${m.index}: …${JSON.stringify(t.slice(Math.max(0, m.index - 40), m.index + 20))}…`;
}

/** No control character in stdout, stderr or a file written. */
export function controlChars(c: Case, o: Outcome): Failure[] {
  const colour = c.args.includes('--color');
  const f: Failure[] = [];
  for (const [where, s] of [['stdout', o.stdout], ['stderr', o.stderr], ...[...o.written].map(([p, s]) => [`file ${p}`, s])] as [string, string][]) {
    const hit = controlIn(s, colour);
    if (hit) f.push({ kind: `control-char-${where.startsWith('file') ? 'file' : where}`, detail: `${where}: ${hit}` });
  }
  return f;
}

/** The cells of an RFC 4180 CSV text. */
export function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) break;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/** A cell a spreadsheet would run as a formula (OWASP: = + - @, tab, carriage return first). */
export function formulaCells(text: string): string[] {
  return csvCells(text).flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
}

/** The CSV reports of a batch (stdout, or a file written) hold no formula cell. */
export function formulaCellsIn(c: Case, o: Outcome): Failure[] {
  if (!c.args.includes('--batch') || c.args.includes('json')) return [];
  const texts: [string, string][] = [];
  const outAt = Math.max(c.args.indexOf('-o'), c.args.indexOf('--out'));
  if (outAt < 0) texts.push(['stdout', o.stdout]);
  for (const [p, s] of o.written) if (!p.endsWith('.json')) texts.push([p, s]);
  const f: Failure[] = [];
  for (const [where, s] of texts) {
    const bad = formulaCells(s);
    if (bad.length > 0) f.push({ kind: 'formula-cell', detail: `${where}: ${bad.slice(0, 3).map((b) => JSON.stringify(b)).join(', ')}` });
  }
  return f;
}

/** A point without a derivative (expected by the generator) never exits 0. */
export function noDerivativeExit(c: Case, o: Outcome): Failure[] {
  if (o.code !== 0) return [];
  const cmd = c.args[0] ?? '';
  const noCheck = c.args.includes('--no-check') || /check: false/.test(Object.values(c.files ?? {}).join('\n'));
  return [{ kind: `exit-0-${cmd}${noCheck ? '-no-check' : ''}`, detail: clip(o.stdout.split('\n').slice(-4).join('\n')) }];
}
