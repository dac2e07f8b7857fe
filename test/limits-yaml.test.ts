// YAML nesting is refused before the (recursive) composer sees it, at the
// position where it gets too deep, whatever quotes come before (issue 14).
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parseSafeYaml, YAML_LIMITS, YamlError } from '../src/parse/safe-yaml.js';
import { fakeIo } from './helpers/fake-io.js';

function refusal(src: string): YamlError {
  try {
    parseSafeYaml(src, { what: 'a problems file' });
  } catch (e) {
    if (e instanceof YamlError) return e;
    throw e;
  }
  throw new Error('not refused');
}

const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

describe('YAML nesting after a quote', () => {
  // A quote the text scan takes for the start of a quoted scalar, where YAML reads
  // plain text: before the fix, everything after it went unmeasured.
  for (const [name, prefix] of [
    ['a double quote in a plain scalar', 'title: a,"b\nproblems: '],
    ['a single quote in a plain scalar', "title: it is-'quoted\nproblems: "],
    ['a quote after a space in a plain scalar', "title: see 'the notes\nproblems: "],
  ] as const) {
    it(`${name}: a flow sequence 900 deep is refused at its position`, () => {
      const src = `${prefix}${deep(900)}\n`;
      const e = refusal(src);
      expect(e.kind).toBe('depth');
      expect(e.message).toMatch(`brackets nested more than ${YAML_LIMITS.depth} deep`);
      const line = src.slice(0, src.indexOf('['.repeat(YAML_LIMITS.depth + 1))).split('\n').length;
      expect(e.line).toBe(line);
      expect(src[e.offset!]).toBe('[');
    });
  }

  it('compact sequences after such a quote are counted as indentation', () => {
    const e = refusal(`title: a,"b\nproblems:\n${'- '.repeat(5000)}x\n`);
    expect(e.kind).toBe('depth');
    expect(e.message).toMatch(`indented more than ${YAML_LIMITS.indent} columns`);
    expect(e.line).toBe(3);
  });

  it('through the CLI: exit 2, one positioned line', async () => {
    const f = fakeIo({ files: { 'p.yaml': `title: a,"b\nproblems: ${deep(900)}\n` } });
    const code = await main(['handout', 'p.yaml', '-o', 'h.html'], f.io);
    expect(code).toBe(2);
    expect(f.stderr()).toMatch(/^lagrad: error: p\.yaml:2:\d+: brackets nested more than 32 deep[^\n]*\n$/);
  });

  it('brackets inside quoted text still do not count, and 32 levels parse', () => {
    expect(() => parseSafeYaml(`title: "${'['.repeat(100)}"\nx: '${'{'.repeat(100)}'\n`)).not.toThrow();
    expect(() => parseSafeYaml(`x: ${deep(YAML_LIMITS.depth)}\n`)).not.toThrow();
    expect(refusal(`x: ${deep(YAML_LIMITS.depth + 1)}\n`).offset).toBe(3 + YAML_LIMITS.depth);
  });
});
