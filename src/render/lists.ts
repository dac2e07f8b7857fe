// Lists as every output prints them (inputs, nodes, the point's values): in
// full while they are short; beyond, shortened so that an ellipsis always
// stands for at least one item (never "z₁, …, z₂").

/** How a list is written: the separator and the ellipsis, in the output's own characters. */
export interface ListStyle {
  readonly sep: string;
  readonly ellipsis: string;
}

export const TEXT_LIST: ListStyle = { sep: ', ', ellipsis: '…' };
export const LATEX_LIST: ListStyle = { sep: ',\\ ', ellipsis: '\\ldots' };

/**
 * Items 1…n (`at(k)`): all of them up to `max`; beyond, the first `max − 2`,
 * the ellipsis and the last: z₁, z₂, z₃, z₄, …, z₉ (the ellipsis hides two
 * items at least).
 */
export function spanList(n: number, at: (k: number) => string, style: ListStyle, max = 6): string {
  const keep = Math.max(1, max - 2);
  const shown = n <= max ? Array.from({ length: n }, (_, k) => at(k + 1)) : [...Array.from({ length: keep }, (_, k) => at(k + 1)), style.ellipsis, at(n)];
  return shown.join(style.sep);
}

/** The first `max` items and how many there are in all, or every item: `more` is 0 when nothing is left out. */
export function headOfList<T>(items: readonly T[], max: number): { readonly shown: readonly T[]; readonly more: number } {
  return items.length <= max ? { shown: items, more: 0 } : { shown: items.slice(0, max), more: items.length - max };
}
