/**
 * The grammar of a task item's first line, read from the raw source:
 *
 *   - [ ]* **[BANNER]** ~~T001~~ [P] [US1] [P2] [Label] Description (P)
 *
 * bullet, checkbox, optional-task star, optional banner/strikethrough/bold around the ID, the ID,
 * labels, then the description.
 */

export interface CheckboxHead {
  /** The character between the brackets. */
  marker: string;
  /** Index of the marker in the scanned line. */
  markerIndex: number;
  /** `- [ ]* 2.2 …`: Kiro/cc-sdd optional task. */
  optional: boolean;
  /** Text after the checkbox (and star), not trimmed; starts at `restIndex`. */
  rest: string;
  restIndex: number;
}

const CHECKBOX_LINE = /^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)\[([^\]\r\n])\](\*?)(?=[ \t]|$)/;

/** Reads `- [x]` / `* [ ]*` / `1. [ ]` at the start of `line` (leading indentation allowed). */
export function readCheckbox(line: string): CheckboxHead | undefined {
  const m = CHECKBOX_LINE.exec(line);
  if (!m) return undefined;
  const markerIndex = m[1].length + m[2].length + m[3].length + 1;
  const restIndex = m[0].length;
  return {
    marker: m[4],
    markerIndex,
    optional: m[5] === '*',
    rest: line.slice(restIndex),
    restIndex,
  };
}

/** True when the line starts a list item with a checkbox-looking `[c]` (any single character). */
export function looksLikeCheckboxLine(line: string): boolean {
  return CHECKBOX_LINE.test(line);
}

export type IdStyle = 'speckit' | 'numbered';

export interface TaskHead {
  id?: string;
  idStyle?: IdStyle;
  parallel: boolean;
  story?: string;
  priority?: string;
  labels: string[];
  /** The title on the first line (labels, ID and `(P)` removed). */
  title: string;
  /** Index in `rest` where the title starts (used to read inline dependencies after the ID). */
  titleIndex: number;
}

const SPECKIT_HEAD_ID = /^T-?\d+[a-z]?(?:\.\d+)*(?![\w])/;
const NUMBERED_HEAD_ID = /^(\d+(?:\.\d+)+\.?|\d+\.(?!\d))(?=[\s*~:]|$)/;
const TASK_WORD_ID = /^Task\s+(\d+(?:\.\d+)*)(?=[\s:.\-–—]|$)/;

/**
 * Parses what follows the checkbox. The ID must come first, optionally after a bold banner
 * (`**[NOTE]** T017`), a strikethrough opener (`~~T004 …~~`) or bold (`**T001**`).
 */
export function readTaskHead(rest: string): TaskHead {
  const labels: string[] = [];
  let i = skipSpace(rest, 0);
  let struck = false;
  let id: string | undefined;
  let idStyle: IdStyle | undefined;

  for (let guard = 0; guard < 4; guard++) {
    const banner = /^\*\*\[([^\]]*)\]\*\*/.exec(rest.slice(i));
    if (banner) {
      if (banner[1].trim()) labels.push(banner[1].trim());
      i = skipSpace(rest, i + banner[0].length);
      continue;
    }
    if (rest.startsWith('~~', i)) {
      struck = true;
      i += 2;
      continue;
    }
    if (rest.startsWith('**', i) || rest.startsWith('__', i)) {
      i += 2;
      continue;
    }
    break;
  }

  const tail = rest.slice(i);
  let m = SPECKIT_HEAD_ID.exec(tail);
  if (m) {
    id = m[0];
    idStyle = 'speckit';
  } else if ((m = NUMBERED_HEAD_ID.exec(tail))) {
    id = m[1].replace(/\.$/, '');
    idStyle = 'numbered';
  } else if ((m = TASK_WORD_ID.exec(tail))) {
    id = m[1];
    idStyle = 'numbered';
  }

  if (!id || !m) {
    const title = rest.trim();
    return { parallel: false, labels: [], title, titleIndex: rest.indexOf(title) };
  }

  i += m[0].length;
  // Closers and separators right after the ID: `**`, `~~`, `:`, ` — `, ` - `.
  for (let guard = 0; guard < 4; guard++) {
    const close = /^(\*\*|__|~~)/.exec(rest.slice(i));
    if (close) {
      if (close[1] === '~~') struck = false;
      i += 2;
      continue;
    }
    const sep = /^\s*(?::|[-–—](?=\s))/.exec(rest.slice(i));
    if (sep) {
      i += sep[0].length;
      continue;
    }
    break;
  }

  let parallel = false;
  let story: string | undefined;
  let priority: string | undefined;
  for (;;) {
    const j = skipSpace(rest, i);
    const label = /^\[([^\]\r\n]{1,60})\]/.exec(rest.slice(j));
    const paren = /^\(P\)(?=\s|$)/.exec(rest.slice(j));
    if (paren) {
      parallel = true;
      i = j + paren[0].length;
      continue;
    }
    if (!label) break;
    const value = label[1].trim();
    i = j + label[0].length;
    if (value === 'P') parallel = true;
    else if (/^P[0-5]$/.test(value)) priority ??= value;
    else if (/^US-?\d+(?:\s*[/,&]\s*US-?\d+)*$/i.test(value)) {
      const stories = value.split(/\s*[/,&]\s*/);
      story ??= stories[0];
      labels.push(...stories);
    } else labels.push(value);
  }

  let titleIndex = skipSpace(rest, i);
  let title = rest.slice(titleIndex);
  if (struck) title = title.replace('~~', '');
  const trailingParallel = /\s*\(P\)\s*$/.exec(title);
  if (trailingParallel) {
    parallel = true;
    title = title.slice(0, trailingParallel.index);
  }
  if (title.length === 0) titleIndex = rest.length;
  return { id, idStyle, parallel, story, priority, labels, title: title.trim(), titleIndex };
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return i;
}
