import type { TaskDocument } from '../model';
import { seededRandom } from './seeded-random';
import { taskDoc } from './task-doc';

export interface RandomPlanShape {
  phases: number;
  maxTasksPerPhase: number;
  statements: number;
}

/**
 * A random plan: phases (some empty, some titled like spec-kit's Foundational and user-story phases),
 * tasks with and without `[P]`, some with sub-tasks, and dependency statements between random tasks
 * (forward, backward and across phases, some naming ranges), so that properties of the graph can be
 * checked over many shapes.
 */
export function randomTaskDoc(seed: number, shape: RandomPlanShape): TaskDocument {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const builder = taskDoc(`specs/random-${seed}/tasks.md`);
  const ids: string[] = [];
  let next = 1;
  for (let p = 1; p <= shape.phases; p++) {
    const title = p === 2 ? 'Foundational' : p > 2 && p < shape.phases && random() < 0.7 ? `User Story ${p - 2}` : `Work ${p}`;
    builder.phase(String(p), title);
    const count = Math.floor(random() * (shape.maxTasksPerPhase + 1));
    for (let t = 0; t < count; t++) {
      const id = `T${String(next++).padStart(3, '0')}`;
      builder.task(id, { parallel: random() < 0.4, optional: random() < 0.1 });
      ids.push(id);
      if (random() < 0.15) {
        const children = 1 + Math.floor(random() * 3);
        for (let c = 1; c <= children; c++) {
          const child = `${id}.${c}`;
          builder.task(child, { parent: id, parallel: random() < 0.5 });
          ids.push(child);
        }
      }
    }
  }
  if (ids.length === 0) return builder.build();
  for (let s = 0; s < shape.statements; s++) {
    const size = () => (random() < 0.8 ? 1 : 2 + Math.floor(random() * 3));
    const before = Array.from({ length: size() }, () => pick(ids));
    const after = Array.from({ length: size() }, () => pick(ids));
    builder.statement([...new Set(before)], [...new Set(after)]);
  }
  return builder.build();
}
