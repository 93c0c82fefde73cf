import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskDocument } from '../model';
import { CORPUS_DIR, describeCorpus, readCorpusFile } from '../testing/corpus';
import { parseTasksMd } from './parse-tasks-md';

/**
 * Conformance against real tasks.md files (the corpus, described by its MANIFEST.tsv).
 * MANIFEST's `task_lines` counts lines that look like `- [ ] T001`/`- [x] 1.1`; where that is not
 * the number of tasks, the expected count and the reason are listed here, file by file.
 */
const EXCEPTIONS: Record<string, { tasks: number; why: string }> = {
  '003': { tasks: 45, why: 'the 7 "Validation Checklist" lines have no task ID' },
  '014': { tasks: 142, why: '30 "Validation Checklist" lines have no task ID' },
  '018': { tasks: 175, why: 'two indented detail checkboxes under task 31.x have no ID' },
  '019': { tasks: 37, why: 'the 5 "Validation Checklist" lines have no task ID' },
  '022': { tasks: 37, why: 'the 8 "Validation Checklist" lines have no task ID' },
  '023': { tasks: 0, why: 'tasks are headings (### T001 …); the 17 checkboxes are checklists' },
  '028': { tasks: 58, why: 'the 10 "Validation Checklist" lines have no task ID' },
  '030': { tasks: 72, why: 'the 14 optional `- [ ]*` sub-tasks are tasks too (the manifest regex misses them)' },
  '037': { tasks: 288, why: '9 checkboxes sit in a ```markdown fence, 10 success criteria have no task ID' },
  '039': { tasks: 78, why: 'one checkbox is in a fence, 10 acceptance lines have no task ID' },
  '044': { tasks: 0, why: 'tasks are table rows; the list checkboxes are the GO/NO-GO readiness checklist' },
  '047': { tasks: 0, why: 'the 51 checkboxes are acceptance criteria, tasks are headings (## T01: …)' },
  '050': { tasks: 0, why: 'tasks are headings (### T1: …); checkboxes are steps, the status legend and a checklist' },
  '051': { tasks: 19, why: '[B] T014 is a task the manifest regex misses; 5 "Completion Criteria" lines have no ID' },
};

/** Files that really define some IDs twice. */
const DUPLICATES: Record<string, number> = {
  '016': 147, // the whole list is repeated in a "Quality Checklist" section
  '037': 25, // T111–T135 are used for different tasks in two phases
};

interface ManifestRow {
  file: string;
  taskLines: number;
}

function readManifest(): ManifestRow[] {
  const [header, ...rows] = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const columns = header.split('\t');
  const file = columns.indexOf('file');
  const taskLines = columns.indexOf('task_lines');
  return rows.map((row) => {
    const cells = row.split('\t');
    return { file: cells[file], taskLines: Number(cells[taskLines]) };
  });
}

describeCorpus('corpus conformance', (files) => {
  const manifest = files.length > 0 ? readManifest() : [];
  const docs = new Map<string, { doc: TaskDocument; text: string }>();
  const parsed = (prefix: string) => {
    const row = manifest.find((r) => r.file.startsWith(`${prefix}__`));
    if (!row) throw new Error(`no corpus file ${prefix}`);
    let entry = docs.get(row.file);
    if (!entry) {
      const text = readCorpusFile(row.file);
      entry = { doc: parseTasksMd(text, { path: row.file }), text };
      docs.set(row.file, entry);
    }
    return entry;
  };
  const prefixes = manifest.map((r) => r.file.slice(0, 3));

  it('lists only real exceptions', () => {
    for (const [prefix, exception] of Object.entries(EXCEPTIONS)) {
      const row = manifest.find((r) => r.file.startsWith(`${prefix}__`));
      expect({ prefix, differs: row !== undefined && row.taskLines !== exception.tasks }).toEqual({ prefix, differs: true });
    }
  });

  it.each(prefixes)('%s: task count, IDs, phases and dependency edges are sane', (prefix) => {
    const row = manifest.find((r) => r.file.startsWith(`${prefix}__`))!;
    const { doc, text } = parsed(prefix);
    const expected = EXCEPTIONS[prefix]?.tasks ?? row.taskLines;
    expect(doc.tasks).toHaveLength(expected);
    expect(doc.diagnostics.filter((d) => d.code === 'parse-failed' || d.code === 'too-deep')).toEqual([]);

    const duplicates = doc.diagnostics.filter((d) => d.code === 'duplicate-id');
    expect(duplicates).toHaveLength(DUPLICATES[prefix] ?? 0);

    const ids = new Set(doc.tasks.map((t) => t.id));
    const phases = new Set(doc.phases.map((p) => p.key));
    expect(phases.size).toBe(doc.phases.length);
    for (const t of doc.tasks) {
      expect(phases.has(t.phase)).toBe(true);
      expect(text.slice(t.checkbox.offset - 1, t.checkbox.offset + 2)).toBe(`[${t.marker}]`);
      if (t.parent) expect(ids.has(t.parent)).toBe(true);
    }
    for (const d of doc.dependencies) {
      for (const id of [...d.before, ...d.after]) expect(ids.has(id)).toBe(true);
      expect(d.before.some((id) => d.after.includes(id))).toBe(false);
    }
  });

  it('003: suffixed IDs, and ranges with suffixed ends', () => {
    const { doc } = parsed('003');
    expect(doc.tasks.map((t) => t.id)).toEqual(expect.arrayContaining(['T033a', 'T033b', 'T034b', 'T037b']));
    expect(doc.tasks.map((t) => t.id)).not.toContain('T033');
    expect(doc.phases.map((p) => p.key)).toEqual(['3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9']);
    expect(doc.nonTasks.find((n) => n.text.startsWith('- [P] tasks'))?.reason).toMatch(/parallel/);
  });

  it('004/005: inline and wrapped "depends on" become edges of their task', () => {
    const edge = (prefix: string, after: string) =>
      parsed(prefix).doc.dependencies.find((d) => d.after.includes(after) && d.kind === 'inline')?.before;
    expect(edge('004', 'T015')).toEqual(['T011', 'T013', 'T014']);
    expect(edge('005', 'T006')).toEqual(['T002', 'T003', 'T004', 'T005']);
    expect(edge('005', 'T013')).toEqual(['T001']); // "Depends" and "on T001" on two lines
  });

  it('006/007: strikethrough IDs, [~] states, chains without spaces, "Blocked on"', () => {
    const d006 = parsed('006').doc;
    expect(d006.tasks.find((t) => t.id === 'T018')?.state).toBe('in-progress');
    expect(d006.dependencies.find((d) => d.after.includes('T019') && d.kind === 'inline')?.before).toEqual(['T018']);
    expect(d006.dependencies.filter((d) => d.kind === 'chain').map((d) => `${d.before}>${d.after}`)).toContain('T016>T018,T019');
    const d007 = parsed('007').doc;
    expect(d007.tasks.find((t) => t.id === 'T004')).toMatchObject({ state: 'done', story: 'US1' });
  });

  it('008: arrow chains inside fences are not read', () => {
    expect(parsed('008').doc.dependencies).toEqual([]);
  });

  it('009: decimal IDs, and "blocked by" prose is not an edge', () => {
    const { doc } = parsed('009');
    expect(doc.tasks.map((t) => t.id)).toEqual(expect.arrayContaining(['T058.5', 'T084.5', 'T084.6']));
    expect(doc.dependencies).toEqual([]);
  });

  it('012: bullets with IDs but no checkbox are reported, not guessed', () => {
    expect(parsed('012').doc.diagnostics.map((d) => d.code)).toEqual(['tasks-without-checkbox']);
  });

  it('013: "## Phase 20:" takes its title from the next line', () => {
    expect(parsed('013').doc.phases.find((p) => p.key === '20')?.title).toBe('Polish & Cross-Cutting Concerns');
  });

  it('016: the repeated list is kept and reported', () => {
    const { doc } = parsed('016');
    expect(doc.phases.map((p) => p.key)).toEqual([
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '2.5',
      '2.6',
      '2.7',
      '2.8',
      '2.9.1',
      '2.9.2',
      'quality-checklist',
    ]);
  });

  it('018: cc-sdd numbering gives hierarchy, (P) is parallel, Japanese "after" is read', () => {
    const { doc } = parsed('018');
    const t = (id: string) => doc.tasks.find((x) => x.id === id)!;
    expect(doc.format).toBe('kiro');
    expect(t('1.1')).toMatchObject({ parent: '1', parallel: true });
    expect(t('1').children).toEqual(['1.1', '1.2']);
    expect(doc.dependencies).toEqual([expect.objectContaining({ before: ['1.1'], after: ['1.2'], line: 33 })]);
  });

  it('019/022/028: explicit dependency sections are read in full', () => {
    const edges = (prefix: string) => parsed(prefix).doc.dependencies.map((d) => `${d.before.join(',')}>${d.after.join(',')}`);
    expect(edges('019')).toEqual(expect.arrayContaining(['T020>T021,T025,T030', 'T022,T023>T010,T011', 'T024>T011']));
    expect(edges('022')).toEqual(
      expect.arrayContaining(['T012,T013,T014,T015,T016>T017', 'T017,T020>T021,T022,T023,T024', 'T012>T013,T014,T015,T016']),
    );
    expect(edges('028')).toEqual(expect.arrayContaining(['T002>T001', 'T001>T050', 'T042>T043,T044,T045,T046']));
    expect(parsed('019').doc.tasks.find((t) => t.id === 'T005')?.group).toBe('Contract Tests (from contracts directory)');
  });

  it('021: a hand-written list without IDs gets stable generated IDs', () => {
    const { doc } = parsed('021');
    expect(doc.format).toBe('generic');
    expect(doc.tasks.filter((t) => t.parent).length).toBe(4);
    expect(new Set(doc.tasks.map((t) => t.group))).toEqual(new Set(['Must Have', 'Nice to Have']));
  });

  it('030: Kiro optional sub-tasks', () => {
    expect(parsed('030').doc.tasks.filter((t) => t.optional)).toHaveLength(14);
  });

  it('034: CRLF files keep their line ending and give LF task text', () => {
    const { doc } = parsed('034');
    expect(doc.eol).toBe('\r\n');
    expect(doc.tasks.every((t) => !t.text.includes('\r'))).toBe(true);
  });

  it('039: priorities, categories, tree-style file lines, and `└─ cmd:` lines kept as text for the agent', () => {
    const t = parsed('039').doc.tasks.find((x) => x.id === 'T000e')!;
    expect(t).toMatchObject({ priority: 'P0', parallel: false, labels: ['Foundation'], files: ['frontend/src/components/ui/form.tsx'] });
    expect(t.commands).toEqual([]);
    expect(t.text).toContain('cd frontend && npx shadcn@latest add form');
  });

  it('040: several files per task, and parallel-after prose', () => {
    const { doc } = parsed('040');
    expect(doc.tasks.find((t) => t.id === 'T004')?.files.length).toBe(4);
    expect(doc.dependencies.map((d) => `${d.before}>${d.after}`)).toContain('T013,T014>T015,T018');
  });

  it('050/051: status legends define the markers', () => {
    expect(parsed('050').doc.legend).toMatchObject({ '-': 'blocked', '~': 'in-progress' });
    expect(parsed('051').doc.tasks.find((t) => t.id === 'T014')?.state).toBe('blocked');
  });
});
