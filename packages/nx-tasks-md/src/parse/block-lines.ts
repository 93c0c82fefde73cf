/**
 * What one line starts, in the CommonMark subset the line scanner handles. Only spaces and tabs
 * are whitespace here (CommonMark's definition; JavaScript's `\s` would also take U+00A0, U+FEFF, …).
 */

export interface Indent {
  /** Leading whitespace characters. */
  chars: number;
  /** Leading whitespace in columns (tab stops every 4 columns). */
  columns: number;
  hasTab: boolean;
}

export function indentOf(text: string): Indent {
  let columns = 0;
  let i = 0;
  let hasTab = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) columns++;
    else if (c === 9) {
      columns += 4 - (columns % 4);
      hasTab = true;
    } else break;
  }
  return { chars: i, columns, hasTab };
}

export function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

export type LineStart =
  | { kind: 'heading'; depth: number; text: string }
  | { kind: 'fence'; char: string; length: number; lang?: string }
  | { kind: 'comment'; closed: boolean }
  | { kind: 'bullet'; width: number; empty: boolean }
  | { kind: 'ordered'; width: number; empty: boolean; one: boolean }
  | { kind: 'thematic' }
  /** Constructs the scanner does not handle (blockquotes, other HTML, setext-like lines). */
  | { kind: 'unsure' };

const ATX = /^(#{1,6})(?:[ \t]|$)/;
const FENCE = /^(?:(`{3,})(?![^`]*`)|(~{3,}))/;
const THEMATIC = /^([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const UNDERLINE_LIKE = /^(?:=+|-+)[ \t]*$/;
const BULLET = /^[-+*](?=[ \t]|$)/;
const ORDERED = /^(\d{1,9})[.)](?=[ \t]|$)/;

/**
 * The block that `rest` (a line from its first non-whitespace character, at most 3 columns into
 * its container) starts, or undefined for paragraph text. Under an open paragraph, anything that
 * could be a setext underline is 'unsure'.
 */
export function lineStart(rest: string, paragraphOpen: boolean): LineStart | undefined {
  const c = rest[0];
  if (c === '#') {
    const atx = ATX.exec(rest);
    if (atx) return { kind: 'heading', depth: atx[1].length, text: headingText(rest.slice(atx[1].length)) };
    return undefined;
  }
  if (c === '`' || c === '~') {
    const fence = FENCE.exec(rest);
    if (!fence) return undefined;
    const marks = fence[1] ?? fence[2];
    const info = /^[^ \t]*/.exec(rest.slice(marks.length).replace(/^[ \t]+/, ''))![0];
    return { kind: 'fence', char: c, length: marks.length, lang: info === '' ? undefined : info };
  }
  if (c === '<') {
    if (!rest.startsWith('<!--') || rest.startsWith('<!-->') || rest.startsWith('<!--->')) return { kind: 'unsure' };
    return { kind: 'comment', closed: rest.indexOf('-->', 4) >= 0 };
  }
  if (c === '>' || (paragraphOpen && UNDERLINE_LIKE.test(rest))) return { kind: 'unsure' };
  if (THEMATIC.test(rest)) return { kind: 'thematic' };
  const bullet = BULLET.exec(rest);
  if (bullet) return { kind: 'bullet', width: 1, empty: isBlank(rest.slice(1)) };
  const ordered = ORDERED.exec(rest);
  if (ordered) {
    const width = ordered[0].length;
    return { kind: 'ordered', width, empty: isBlank(rest.slice(width)), one: ordered[1] === '1' };
  }
  return undefined;
}

/** Raw heading content as micromark delimits it (opening and closing `#` runs removed). */
function headingText(afterMarks: string): string {
  return afterMarks
    .replace(/^[ \t]+|[ \t]+$/g, '')
    .replace(/(^|[ \t]+)#+$/, '')
    .replace(/[ \t]+$/, '');
}
