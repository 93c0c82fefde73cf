/**
 * Task ID grammar, ID lists and ranges as they appear in prose ("T004-T007", "T022/T023",
 * "T020 & T025", "T018+", "T030-T033b"), and range expansion against the IDs a file defines.
 */

/** spec-kit style IDs: `T001`, `T1`, `T033a`, `T058.5`, `T-001`. */
export const SPECKIT_ID_SOURCE = 'T-?\\d+[a-z]?(?:\\.\\d+)*';
/** Kiro / OpenSpec numbered IDs as used in references: `1`, `1.1`, `12.3`. */
export const NUMBERED_ID_SOURCE = '\\d+(?:\\.\\d+)*';

const RANGE_OPERATOR = '\\s*(?:-|–|—|\\.\\.\\.?|…)\\s*|\\s+(?:through|thru|to)\\s+';

export interface IdReference {
  /** The first (or only) ID. */
  from: string;
  /** Last ID of a range (`T004-T007` → `T007`). */
  to?: string;
  /** `T018+`: this ID and every task after it. */
  open?: boolean;
  /** Index in the scanned string. */
  index: number;
}

export interface IdList {
  start: number;
  end: number;
  refs: IdReference[];
}

function itemPattern(idSource: string): RegExp {
  // The ID must not be glued to letters or digits: `AT001`, `T001abc` are not IDs.
  return new RegExp(
    `(?<![A-Za-z0-9.])(${idSource})(?![A-Za-z0-9])(?:(?:${RANGE_OPERATOR})(${idSource})(?![A-Za-z0-9]))?(\\+(?![A-Za-z0-9]))?`,
    'g',
  );
}

const SPECKIT_ITEM = itemPattern(SPECKIT_ID_SOURCE);
const NUMBERED_ITEM = itemPattern(NUMBERED_ID_SOURCE);

/**
 * Text allowed between two IDs of one list: `, ` `/` `&` `+` `and` `or`, or just spaces; story
 * labels may sit in between ("US1 (T015/T016) and US2 (T018)").
 */
const LIST_GAP = /^(?:\s*(?:,|\/|&|\+|、|\band\b|\bor\b|\bUS-?\d+\b)\s*)+$|^\s+$/i;

/** Every maximal list of IDs in `text`, in order. */
export function findIdLists(text: string, numbered = false): IdList[] {
  const pattern = numbered ? NUMBERED_ITEM : SPECKIT_ITEM;
  pattern.lastIndex = 0;
  const lists: IdList[] = [];
  let current: IdList | undefined;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const ref: IdReference = { from: m[1], index: m.index };
    if (m[2]) ref.to = m[2];
    if (m[3]) ref.open = true;
    const end = m.index + m[0].length;
    if (current && LIST_GAP.test(text.slice(current.end, m.index))) {
      current.refs.push(ref);
      current.end = end;
    } else {
      current = { start: m.index, end, refs: [ref] };
      lists.push(current);
    }
  }
  return lists;
}

/** Sort key of an ID: numbers compare as numbers, `T033a` sorts after `T033`. */
export function idSortKey(id: string): number[] | undefined {
  const m = /^(?:T-?)?(\d+)([a-z]?)((?:\.\d+)*)$/.exec(id);
  if (!m) return undefined;
  const key = [Number(m[1]), m[2] ? m[2].charCodeAt(0) - 96 : 0];
  for (const part of m[3].split('.').slice(1)) key.push(Number(part));
  return key;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The IDs a document defines, in document order (first definition wins). */
export interface IdIndex {
  order: string[];
  position: Map<string, number>;
}

export function createIdIndex(ids: Iterable<string>): IdIndex {
  const order: string[] = [];
  const position = new Map<string, number>();
  for (const id of ids) {
    if (position.has(id)) continue;
    position.set(id, order.length);
    order.push(id);
  }
  return { order, position };
}

export interface Expansion {
  ids: string[];
  /** IDs named in the text that the document does not define. */
  unknown: string[];
}

/**
 * Expands references to the IDs the document defines. A range covers the IDs between its ends in
 * document order (so `T030-T033b` includes `T033a`); when an end is missing, IDs are compared by
 * number instead and the missing end is reported as unknown.
 */
export function expandReferences(refs: IdReference[], index: IdIndex): Expansion {
  const ids: string[] = [];
  const unknown: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  for (const ref of refs) {
    const fromPos = index.position.get(ref.from);
    if (ref.open) {
      if (fromPos === undefined) unknown.push(ref.from);
      else index.order.slice(fromPos).forEach(add);
      continue;
    }
    if (ref.to === undefined) {
      if (fromPos === undefined) unknown.push(ref.from);
      else add(ref.from);
      continue;
    }
    const toPos = index.position.get(ref.to);
    if (fromPos !== undefined && toPos !== undefined) {
      const [lo, hi] = fromPos <= toPos ? [fromPos, toPos] : [toPos, fromPos];
      index.order.slice(lo, hi + 1).forEach(add);
      continue;
    }
    if (fromPos === undefined) unknown.push(ref.from);
    if (toPos === undefined) unknown.push(ref.to);
    const lo = idSortKey(ref.from);
    const hi = idSortKey(ref.to);
    if (!lo || !hi || sameFamily(ref.from, ref.to) === false) continue;
    for (const id of index.order) {
      const key = idSortKey(id);
      if (key && sameFamily(id, ref.from) && compareKeys(key, lo) >= 0 && compareKeys(key, hi) <= 0) {
        add(id);
      }
    }
  }
  return { ids, unknown };
}

function sameFamily(a: string, b: string): boolean {
  return a.startsWith('T') === b.startsWith('T');
}
