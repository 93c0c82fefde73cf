import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changedDocuments, contextDocumentHashes } from './context-documents';

describe('context documents', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-tasks-md-context-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const put = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };

  it('hashes the documents that exist, contracts at any depth, and nothing else', () => {
    put('spec.md', 'spec');
    put('contracts/api.yaml', 'a');
    put('contracts/v2/events.json', 'b');
    put('tasks.md', 'tasks');
    put('notes.md', 'notes');
    const hashes = contextDocumentHashes(dir);
    expect(Object.keys(hashes)).toEqual(['spec.md', 'contracts/api.yaml', 'contracts/v2/events.json']);
    expect(hashes['spec.md']).toMatch(/^[0-9a-f]{16}$/);
    put('notes.md', 'other notes');
    expect(contextDocumentHashes(dir)).toEqual(hashes);
    put('spec.md', 'spec v2');
    expect(contextDocumentHashes(dir)['spec.md']).not.toBe(hashes['spec.md']);
  });

  it('names changed, new and removed documents, sorted', () => {
    expect(
      changedDocuments({ 'spec.md': 'a', 'plan.md': 'b', 'research.md': 'c' }, { 'spec.md': 'x', 'plan.md': 'b', 'contracts/a.yaml': 'd' }),
    ).toEqual(['contracts/a.yaml (new)', 'research.md (removed)', 'spec.md']);
    expect(changedDocuments({ 'spec.md': 'a' }, { 'spec.md': 'a' })).toEqual([]);
  });
});
