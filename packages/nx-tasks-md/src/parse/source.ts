import type { SourcePoint } from '../model';

/**
 * The text being parsed plus a line table. `masked` is what the markdown parser sees: the same
 * length as `text` (so every offset stays valid) but with a byte-order mark and YAML front matter
 * blanked out, because remark would otherwise read `description: …` + `---` as a heading.
 */
export interface Source {
  text: string;
  masked: string;
  /** Offset of the first character of each line (index 0 = line 1). */
  lineStarts: number[];
  /** Offset just past the last content character of each line (before its line ending). */
  lineEnds: number[];
  eol: '\n' | '\r\n';
  /** First line blanked in `masked` because it nests too deeply to parse in reasonable time. */
  tooDeepLine?: number;
}

/**
 * CommonMark parsing slows down sharply with nesting depth (hundreds of nested list or quote
 * markers take seconds). Real task files nest a handful of levels; deeper lines are blanked.
 */
export const MAX_INDENT_COLUMNS = 48;
export const MAX_CONTAINER_MARKERS = 12;

export function createSource(text: string): Source {
  const lineStarts = [0];
  const lineEnds: number[] = [];
  let crlf = 0;
  let lf = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      lineEnds.push(i);
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      }
      lineStarts.push(i + 1);
    } else if (c === 10 /* \n */) {
      lf++;
      lineEnds.push(i);
      lineStarts.push(i + 1);
    }
  }
  lineEnds.push(text.length);
  const preamble = maskPreamble(text, lineStarts, lineEnds);
  const { masked, tooDeepLine } = maskTooDeep(preamble, lineStarts, lineEnds);
  return { text, masked, lineStarts, lineEnds, eol: crlf > lf ? '\r\n' : '\n', tooDeepLine };
}

export function lineCount(src: Source): number {
  return src.lineStarts.length;
}

/** The content of a 1-based line, without its line ending ('' outside the text). */
export function lineText(src: Source, line: number): string {
  if (line < 1 || line > src.lineStarts.length) return '';
  return src.text.slice(src.lineStarts[line - 1], src.lineEnds[line - 1]);
}

export function lineOf(src: Source, offset: number): number {
  let lo = 0;
  let hi = src.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (src.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function pointAt(src: Source, offset: number): SourcePoint {
  const line = lineOf(src, offset);
  return { line, column: offset - src.lineStarts[line - 1] + 1, offset };
}

function blank(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^\r\n]/g, ' ');
}

function maskPreamble(text: string, lineStarts: number[], lineEnds: number[]): string {
  let masked = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const lineAt = (n: number) => masked.slice(lineStarts[n - 1], lineEnds[n - 1]);
  if (!/^\s*---\s*$/.test(lineAt(1))) return masked;
  // YAML front matter: `---` on the first line, closed by `---` or `...` within 200 lines.
  const last = Math.min(lineStarts.length, 200);
  for (let n = 2; n <= last; n++) {
    const line = lineAt(n);
    if (!looksLikeYaml(line)) return masked;
    if (/^(---|\.\.\.)\s*$/.test(line)) {
      masked = blank(masked, 0, lineEnds[n - 1]) + masked.slice(lineEnds[n - 1]);
      break;
    }
  }
  return masked;
}

function looksLikeYaml(line: string): boolean {
  return /^(\s*$|\s|---|\.\.\.|- |[\w"'$@-][^:]*:)/.test(line) && !/^\s*- \[.\]/.test(line);
}

function maskTooDeep(text: string, lineStarts: number[], lineEnds: number[]): { masked: string; tooDeepLine?: number } {
  const parts: string[] = [];
  let from = 0;
  let tooDeepLine: number | undefined;
  for (let n = 0; n < lineStarts.length; n++) {
    const start = lineStarts[n];
    if (!isTooDeep(text, start, lineEnds[n])) continue;
    tooDeepLine ??= n + 1;
    parts.push(text.slice(from, start), blank(text, start, lineEnds[n]));
    from = lineEnds[n];
  }
  if (tooDeepLine === undefined) return { masked: text };
  parts.push(text.slice(from));
  return { masked: parts.join(''), tooDeepLine };
}

function isTooDeep(text: string, start: number, end: number): boolean {
  let columns = 0;
  let markers = 0;
  let i = start;
  for (; i < end; i++) {
    const c = text[i];
    if (c === ' ') columns++;
    else if (c === '\t') columns += 4 - (columns % 4);
    else if (c === '>' || ((c === '-' || c === '*' || c === '+') && (text[i + 1] === ' ' || text[i + 1] === '\t'))) {
      markers++;
      columns++;
    } else break;
    if (columns > 4 * MAX_INDENT_COLUMNS) break;
  }
  // Blank lines cost nothing, however long.
  return i < end && /\S/.test(text.slice(i, Math.min(end, i + 64))) && (columns > MAX_INDENT_COLUMNS || markers > MAX_CONTAINER_MARKERS);
}
