// The {{name}} filler: one pass, unknown and missing placeholders are errors with their position.
import { describe, expect, it } from 'vitest';
import { fillTemplate, TemplateError } from '../../src/render/template.js';

const values = new Map([['title', 'T'], ['body', 'B']]);

describe('fillTemplate', () => {
  it('fills every placeholder, spaces allowed inside the braces', () => {
    expect(fillTemplate('<h1>{{title}}</h1>{{ body }}{{title}}', values)).toBe('<h1>T</h1>BT');
  });
  it('does not scan a value again: text that looks like a placeholder stays text', () => {
    expect(fillTemplate('{{title}}', new Map([['title', '{{body}}'], ['body', 'X']]))).toBe('{{body}}');
  });
  it('leaves LaTeX braces alone and finds the placeholder inside \\title{{{title}}}', () => {
    expect(fillTemplate('\\title{{{title}}}\\newcommand{\\x}{{1}}', values)).toBe('\\title{T}\\newcommand{\\x}{{1}}');
  });
  it('throws on an unknown placeholder, naming line and column', () => {
    expect(() => fillTemplate('a\n  {{author}}', values)).toThrow(TemplateError);
    expect(() => fillTemplate('a\n  {{author}}', values)).toThrow(/^2:3: unknown placeholder \{\{author\}\}; known: title, body$/);
  });
  it('throws when a required placeholder is missing', () => {
    expect(() => fillTemplate('<h1>{{title}}</h1>', values, ['body'])).toThrow(/the template has no \{\{body\}\}/);
  });
});
