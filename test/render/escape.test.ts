// Escaping of user text for each format: nothing a user types can become markup.
import { describe, expect, it } from 'vitest';
import { escapeControls, escapeDot, escapeHtml, escapeLatex, escapeMarkdown, escapeMermaid } from '../../src/render/escape.js';

describe('escapeLatex', () => {
  const rows: [string, string][] = [
    ['\\input{/etc/passwd}', '\\textbackslash{}input\\{/etc/passwd\\}'],
    ['\\write18{rm -rf ~}', '\\textbackslash{}write18\\{rm -rf \\textasciitilde{}\\}'],
    ['^^5cinput', '\\^{}\\^{}5cinput'],
    ['50% & $5 #1 a_b', '50\\% \\& \\$5 \\#1 a\\_b'],
    ['<b> | "q"', "\\textless{}b\\textgreater{} \\textbar{} ''q''"],
    ['line\nbreak\u0000', 'line break '],
    ['café naïve Łódź', "caf\\'{e} na\\\"{\\i}ve \\L{}\\'{o}d\\'{z}"],
    ['θ = α·β − 1 ≤ ∂f', '$\\theta$ = $\\alpha$$\\cdot$$\\beta$ $-$ 1 $\\leq$ $\\partial$f'],
    ['emoji 😀', 'emoji [U+1F600]'],
  ];
  for (const [input, output] of rows) it(JSON.stringify(input), () => expect(escapeLatex(input)).toBe(output));
  it('leaves no backslash that starts a command name from the input', () => {
    const out = escapeLatex('\\def\\x{\\csname input\\endcsname}\\catcode`\\^^=12');
    expect(out).not.toMatch(/\\(def|csname|catcode|input|endcsname)/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters, in text and attributes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });
  it('shows control characters escaped (XML allows no C0 control, a browser shows none)', () => {
    expect(escapeHtml('T\u001b[2J\u202e<')).toBe('T\\x1b[2J\\u202e&lt;');
  });
});

describe('escapeControls: what would drive a terminal is shown, not sent', () => {
  const rows: [string, string][] = [
    ['\u001b]0;owned\u0007', '\\x1b]0;owned\\x07'],
    ['\u001b[2J\u001b[H', '\\x1b[2J\\x1b[H'],
    ['a\u0000b\u0008c\u000bd\u000ce\u007f', 'a\\x00b\\x08c\\x0bd\\x0ce\\u007f'],
    ['\u009b2J \u0085', '\\u009b2J \\u0085'],
    ['abc\u202edef \u2066x\u2069 \u200e\u200f\u061c', 'abc\\u202edef \\u2066x\\u2069 \\u200e\\u200f\\u061c'],
    ['line\u2028sep\u2029', 'line\\u2028sep\\u2029'],
    ['a\rb', 'a\\rb'],
    ['tab\tand\nnewline\r\n', 'tab\tand\nnewline\r\n'],
    ['z₁ = μ₂·θ, ∂f/∂x ✓ \u200d', 'z₁ = μ₂·θ, ∂f/∂x ✓ \u200d'],
  ];
  for (const [input, output] of rows) it(JSON.stringify(input), () => expect(escapeControls(input)).toBe(output));
  it('a message is one line: newlines shown too', () => {
    expect(escapeControls('a\nb\r\nc\u001b', { newlines: false })).toBe('a\\nb\\r\\nc\\x1b');
  });
  it('keeps JSON valid: no control character is left, and what is escaped parses', () => {
    const json = JSON.stringify({ s: 'a\u001b\u007f\u009b\u202e' });
    const shown = escapeControls(json);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(shown).s).toBe('a\u001b\u007f\u009b\u202e');
  });
});

describe('escapeMarkdown', () => {
  const rows: [string, string][] = [
    ['[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['![img](http://evil.example/x.png)', '!\\[img\\](http\\://evil.example/x.png)'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<http://evil.example>', '&lt;http\\://evil.example&gt;'],
    ['see www.evil.example', 'see www\\.evil.example'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['$\\href{javascript:x}{y}$ | *b* _i_ `c`', '\\$\\\\href\\{javascript:x\\}\\{y\\}\\$ \\| \\*b\\* \\_i\\_ \\`c\\`'],
  ];
  for (const [input, output] of rows) it(JSON.stringify(input), () => expect(escapeMarkdown(input)).toBe(output));
});

describe('graph labels', () => {
  it('DOT: quotes and backslashes escaped, one line', () => expect(escapeDot('a"b\\c\nd')).toBe('a\\"b\\\\c d'));
  it('Mermaid: quotes and markup as #codes', () => expect(escapeMermaid('"<b>"#&`')).toBe('#34;#60;b#62;#34;#35;#38;#96;'));
});
