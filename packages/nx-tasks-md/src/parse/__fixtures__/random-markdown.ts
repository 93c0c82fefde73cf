/** Seeded random tasks.md-like text for fuzz and equivalence tests (random: testing/seeded-random). */
const FRAGMENTS = [
  '- [ ] T001 [P] [US1] Do it in src/a.ts\n',
  '- [x] T002 depends on T001\n',
  '* [X] T003 (depends on T001, T002)\n',
  '+ [~] T004a blocks T005\n',
  '- [ ]* 1. Kiro parent\n',
  '  - [-] 1.1 Sub-task (P)\n',
  '  - _Depends: 1.1_\n',
  '- [ ] 2.3 Other\n',
  '## Phase 1: Setup\n',
  '## Phase 2 — Next\n',
  '### Group heading\n',
  '## Dependencies\n',
  '- T001 → T002 → T003\n',
  '- Tests (T001-T003) before impl (T004-T009)\n',
  '```bash\nnpm test\n- [ ] T099 fenced\n```\n',
  '<!-- - [ ] T050 hidden -->\n',
  '> - [ ] T051 quoted\n',
  '| [ ] | T052 | row |\n',
  '---\ntitle: x\n---\n',
  '\t\t- [x] tabbed\n',
  '- [P] tasks = notes\n',
  '- [-] Blocked\n',
  '- [~] In Progress\n',
  'Depends on feature: 001-auth\n',
  '- [!] **[BANNER]** T017 x\n',
  '- [B] ~~T018 [US2] y~~ z\n',
  '1. [ ] T019 ordered\n',
  '- [ ] **T020** bold\n',
  '## Phase 20:\nTitle on the next line\n',
  '- [x] T021 T022/T023 (after T001; needs T002) then T024\n',
  '  - run: `echo hi`\n',
  '  ```sh\n  echo fenced\n  ```\n',
  '<div>\n## not a heading\n',
  '\n',
  '\r\n',
  '\r',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '[',
  ']',
  '(',
  ')',
  '`',
  '~~',
  '**',
  '- ',
  '[ ]',
  'T',
  '->',
  '→',
  '–',
  '    ',
  '\t',
  '((((((((((',
  '- '.repeat(20),
  '> '.repeat(20),
  '[x]'.repeat(10),
  '  '.repeat(30) + '- [ ] deep\n',
];

/** A mix of markdown fragments and random characters (including lone surrogates and controls). */
export function randomMarkdown(random: () => number, maxParts = 40): string {
  const parts: string[] = [];
  const count = Math.floor(random() * maxParts);
  for (let k = 0; k < count; k++) {
    const roll = random();
    if (roll < 0.7) parts.push(FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]);
    else {
      const range = roll < 0.85 ? 0x10000 : 0x80;
      const length = Math.floor(random() * 20);
      let s = '';
      for (let j = 0; j < length; j++) s += String.fromCharCode(Math.floor(random() * range));
      parts.push(s);
    }
  }
  return parts.join('');
}
