import { runInDependencyOrder, type BatchOutcome, type BatchPlan } from './batch-schedule';

interface Trace {
  outcomes: BatchOutcome<string>[];
  starts: string[];
  maxActive: number;
  /** Task id → [start tick, end tick] on a shared logical clock. */
  spans: Map<string, [number, number]>;
}

/** Runs the plan with tasks that take `ticks[id]` (default 1) turns of the event loop each. */
async function trace(
  plan: BatchPlan,
  concurrency: number,
  { fail = [] as string[], ticks = {} as Record<string, number>, stopAfter = Infinity } = {},
): Promise<Trace> {
  const result: Trace = { outcomes: [], starts: [], maxActive: 0, spans: new Map() };
  let active = 0;
  let clock = 0;
  const run = async (id: string) => {
    result.starts.push(id);
    active++;
    result.maxActive = Math.max(result.maxActive, active);
    const start = clock++;
    for (let i = 0; i < (ticks[id] ?? 1); i++) await new Promise((resolve) => setImmediate(resolve));
    active--;
    result.spans.set(id, [start, clock++]);
    return { ok: !fail.includes(id), result: `${id} ran` };
  };
  const stopped = () => result.starts.length >= stopAfter;
  for await (const outcome of runInDependencyOrder(plan, run, { concurrency, stopped })) result.outcomes.push(outcome);
  return result;
}

const plan = (dependencies: Record<string, string[]>): BatchPlan => ({ ids: Object.keys(dependencies), dependencies });

describe('runInDependencyOrder', () => {
  it('starts a task only after every prerequisite in the batch has ended, never more than the concurrency at once', async () => {
    const p = plan({ T1: [], T2: [], T3: [], T4: ['T1', 'T2'], T5: ['T4'], T6: ['T3'], T7: [] });
    const t = await trace(p, 2, { ticks: { T2: 3, T3: 2 } });
    expect(t.maxActive).toBe(2);
    for (const [id, deps] of Object.entries(p.dependencies)) {
      for (const dep of deps) expect(t.spans.get(id)![0]).toBeGreaterThan(t.spans.get(dep)![1]);
    }
    expect(t.outcomes.map((o) => o.id).sort()).toEqual(p.ids.slice().sort());
    expect(t.outcomes.every((o) => o.kind === 'ran' && o.ok && o.result === `${o.id} ran`)).toBe(true);
  });

  it('runs everything at once when the concurrency allows it', async () => {
    const t = await trace(plan({ A: [], B: [], C: [], D: [] }), 8);
    expect(t.maxActive).toBe(4);
  });

  it('starts the ready task that heads the longest chain first, and plan order among equals', async () => {
    // X and Y are listed first but lead nowhere; C1 heads a chain of three.
    const t = await trace(plan({ X: [], Y: [], C1: [], C2: ['C1'], C3: ['C2'] }), 1);
    expect(t.starts).toEqual(['C1', 'C2', 'X', 'Y', 'C3']);
  });

  it('ignores prerequisites outside the batch (Nx ran them before handing the batch over)', async () => {
    const t = await trace({ ids: ['T2', 'T3'], dependencies: { T2: ['T1'], T3: ['T2', 'phase-1'] } }, 2);
    expect(t.starts).toEqual(['T2', 'T3']);
  });

  it('never starts the dependents of a failed task, reports them skipped, and runs the rest', async () => {
    const t = await trace(plan({ A: [], B: ['A'], C: ['B'], D: [], E: ['D', 'C'] }), 1, { fail: ['A'] });
    expect(t.starts).toEqual(['A', 'D']);
    expect(t.outcomes).toEqual(
      expect.arrayContaining([
        { id: 'A', kind: 'ran', ok: false, result: 'A ran' },
        { id: 'B', kind: 'skipped', blockedBy: 'A' },
        { id: 'C', kind: 'skipped', blockedBy: 'A' },
        { id: 'E', kind: 'skipped', blockedBy: 'A' },
        { id: 'D', kind: 'ran', ok: true, result: 'D ran' },
      ]),
    );
    expect(t.outcomes).toHaveLength(5);
  });

  it('once stopped, starts nothing more and reports what never started as stopped', async () => {
    const t = await trace(plan({ A: [], B: [], C: ['A'], D: ['C'] }), 2, { stopAfter: 2 });
    expect(t.starts).toEqual(['A', 'B']);
    const kinds = Object.fromEntries(t.outcomes.map((o) => [o.id, o.kind]));
    expect(kinds).toEqual({ A: 'ran', B: 'ran', C: 'stopped', D: 'stopped' });
  });

  it('treats a concurrency below one as one', async () => {
    const t = await trace(plan({ A: [], B: [] }), 0);
    expect(t.maxActive).toBe(1);
  });
});
