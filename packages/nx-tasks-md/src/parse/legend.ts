import type { TaskFormat, TaskState } from '../model';

/**
 * Checkbox markers and what they mean. Defaults cover spec-kit, Kiro and the markers seen in the
 * wild; a file's own legend ("Status Legend" list, notation table) overrides them.
 */
export function defaultLegend(format: TaskFormat): Record<string, TaskState> {
  return {
    ' ': 'pending',
    x: 'done',
    X: 'done',
    '>': 'in-progress',
    '~': 'in-progress',
    '!': 'failed',
    // Kiro writes `[-]` while a task runs; elsewhere a struck-out box means "not doing this".
    '-': format === 'kiro' ? 'in-progress' : 'skipped',
    B: 'blocked',
  };
}

const STATUS_WORDS: Array<[TaskState, string[]]> = [
  ['pending', ['pending', 'todo', 'to do', 'to-do', 'open', 'not started', 'not done', 'incomplete', 'unchecked']],
  ['done', ['done', 'complete', 'completed', 'finished', 'checked', 'resolved', 'closed']],
  [
    'in-progress',
    [
      'in progress',
      'in-progress',
      'wip',
      'started',
      'ongoing',
      'working',
      'doing',
      'active',
      'partial',
      'partially done',
      'partially complete',
    ],
  ],
  ['blocked', ['blocked', 'on hold']],
  ['failed', ['failed', 'fail', 'failure', 'error', 'broken']],
  [
    'skipped',
    [
      'skipped',
      'skip',
      'cancelled',
      'canceled',
      'dropped',
      "won't do",
      'wont do',
      'withdrawn',
      'superseded',
      'deferred',
      'n/a',
      'not applicable',
      'obsolete',
      'removed',
    ],
  ],
  ['queued', ['queued', 'scheduled', 'next', 'up next']],
];

const STATUS_BY_WORD = new Map<string, TaskState>(
  STATUS_WORDS.flatMap(([state, words]) => words.map((w) => [w, state] as [string, TaskState])),
);

/**
 * The state a legend phrase names: "Blocked", "In Progress", "**Completed** — merged", "Done:".
 * Only the first phrase counts; anything else is not a status word.
 */
export function statusFromPhrase(phrase: string): TaskState | undefined {
  const cleaned = phrase
    .replace(/[*_`]/g, '')
    .replace(/^[\s:=–—-]+/, '')
    .split(/\s+[-–—]\s+|[:(,;]/)[0]
    .replace(/[.!]+$/, '')
    .trim()
    .toLowerCase();
  return STATUS_BY_WORD.get(cleaned);
}

export interface LegendEntry {
  marker: string;
  state: TaskState;
}

/** `[B] Blocked`, `` `[~]` = In Progress ``, `**[-]**: Blocked` (without the bullet). */
export function legendEntryFromText(text: string): LegendEntry | undefined {
  const m = /^\s*(?:\*\*|`)?\[([^\]\r\n])\](?:\*\*|`)?\s*(.*)$/.exec(text);
  if (!m) return undefined;
  const state = statusFromPhrase(m[2]);
  return state ? { marker: m[1], state } : undefined;
}

/** A notation table row `| [B] | Blocked |` or `` | `[x]` | Completed | ``. */
export function legendEntryFromTableRow(line: string): LegendEntry | undefined {
  if (!/^\s*\|/.test(line)) return undefined;
  const cells = line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
  if (cells.length < 2) return undefined;
  const marker = /^(?:\*\*|`)?\[([^\]\r\n])\](?:\*\*|`)?$/.exec(cells[0]);
  if (!marker) return undefined;
  const state = statusFromPhrase(cells[1]);
  return state ? { marker: marker[1], state } : undefined;
}

/** Headings under which checkbox lines describe markers rather than work. */
export const LEGEND_HEADING = /\b(legend|notation|status (key|markers?)|markers?|checkbox (key|states?))\b/i;
