// Documents from the CLI: a handout model (render/handout.ts) through the
// LaTeX, HTML or Markdown renderer, with the default template or the user's.
// Loaded on demand, so that text and JSON output never load KaTeX or the graph drawings.
import type { ListAnalysis } from '../list-pipeline.js';
import type { ProgramJacobian } from '../program-pipeline.js';
import { buildProgramJacobianDocument } from '../render/program-jacobian.js';
import { buildListDocument } from '../render/jacobian.js';
import { buildDocument, buildTraceDocument, type DocOptions, type ProblemInput } from '../render/handout.js';
import type { Analysis } from '../pipeline.js';
import type { Convention } from '../render/convention.js';
import type { AnyTrace } from '../render/trace-rows.js';
import type { HandoutDoc } from '../render/document.js';
import { renderLatexChunks } from '../render/latex.js';
import { renderMarkdownChunks } from '../render/markdown.js';
import type { Chunks } from '../render/chunks.js';
import { buildProgramDocument, type ProgramDocOptions } from '../render/program-blocks.js';
import type { ProgramAnalysis } from '../program-pipeline.js';
import { TemplateError } from '../render/template.js';
import { inlinedKatexCss, katexScript, readTemplate } from './assets.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';

export type DocumentFormat = 'latex' | 'html' | 'md';

/** The document in `format` as chunks (render/chunks.ts), through `templatePath` when given (a usage error for Markdown, which has none). */
export async function renderDocument(format: DocumentFormat, doc: HandoutDoc, templatePath: string | undefined, io: CliIo): Promise<Chunks> {
  if (format === 'md') {
    if (templatePath !== undefined) throw new UsageError('--template applies to --format html and latex; Markdown has no template');
    return renderMarkdownChunks(doc);
  }
  const template = templatePath === undefined ? readTemplate(format === 'html' ? 'handout.html' : 'handout.tex') : io.readFile(templatePath);
  try {
    if (format === 'latex') return renderLatexChunks(doc, template);
    const { renderHtmlChunks } = await import('../render/html.js');
    return renderHtmlChunks(doc, { template, css: readTemplate('handout.css'), katexCss: inlinedKatexCss(), katexJs: katexScript() });
  } catch (e) {
    if (e instanceof TemplateError) throw new UsageError(`${templatePath ?? `templates/handout.${format === 'html' ? 'html' : 'tex'}`}:${e.message}`);
    throw e;
  }
}

/** Builds the document model and renders it. */
export async function documentOf(
  format: DocumentFormat,
  problems: readonly ProblemInput[],
  options: DocOptions,
  templatePath: string | undefined,
  io: CliIo,
): Promise<Chunks> {
  return renderDocument(format, buildDocument(problems, options), templatePath, io);
}

/** A vector of expressions' document (every output's derivation, then the Jacobian), rendered. */
export async function listDocumentOf(format: DocumentFormat, la: ListAnalysis, options: DocOptions, templatePath: string | undefined, io: CliIo): Promise<Chunks> {
  return renderDocument(format, buildListDocument(la, options), templatePath, io);
}

/** A program with a vector output: its derivation, then the Jacobian, rendered. */
export async function programJacobianDocumentOf(format: DocumentFormat, j: ProgramJacobian, options: ProgramDocOptions, templatePath: string | undefined, io: CliIo): Promise<Chunks> {
  return renderDocument(format, buildProgramJacobianDocument(j, options), templatePath, io);
}

/** A program's (or a network's) document, rendered. */
export async function programDocumentOf(
  format: DocumentFormat,
  analysis: ProgramAnalysis,
  options: ProgramDocOptions,
  templatePath: string | undefined,
  io: CliIo,
): Promise<Chunks> {
  return renderDocument(format, buildProgramDocument(analysis, options), templatePath, io);
}

/** An expression's or a program's evaluation trace (`lagrad trace --format latex|html|md`), rendered. */
export async function traceDocumentOf(
  format: DocumentFormat,
  analysis: Analysis | ProgramAnalysis,
  trace: AnyTrace,
  conv: Convention,
  templatePath: string | undefined,
  io: CliIo,
): Promise<Chunks> {
  return renderDocument(format, buildTraceDocument(analysis, trace, conv), templatePath, io);
}
