import { generatePlan } from './plan.mjs';
import { seededRandom } from './random.mjs';

const VERBS = ['Create', 'Implement', 'Add', 'Update', 'Write tests for', 'Refactor', 'Wire up', 'Document'];
const THINGS = ['service', 'model', 'controller', 'repository', 'validator', 'component', 'hook', 'schema', 'migration', 'handler'];
const AREAS = ['models', 'services', 'api', 'components', 'lib', 'tests'];
const DETAILS = [
  'with validation rules and error handling per the data model',
  'following the contract in the spec, including the edge cases it lists',
  'and export it from the package entry point',
  'with logging of failures and a clear message for the user',
  'so that the acceptance scenario of the user story passes',
];

/**
 * A plan shaped like the spec-kit plans of the corpus (../shared/corpus): agent tasks without shell
 * blocks, most naming one file of the feature (a few also a file shared by the feature, a few none,
 * like "Verify the toolchain is installed"), descriptions of about a hundred characters, phases and
 * `[P]` runs as {@link generatePlan} makes them. Pure: the same options give the same text.
 *
 * @param {{ tasks: number, seed: number, feature: string }} options
 */
export function corpusLikePlan({ tasks, seed, feature }) {
  const random = seededRandom(seed * 7919 + 1);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const describe = (id) => {
    const n = Number(id.slice(1));
    const roll = random();
    if (roll < 0.12) return `Verify the ${pick(THINGS)} setup for ${feature} is in place and documented`;
    const thing = pick(THINGS);
    const file = `src/${feature}/${pick(AREAS)}/${thing}-${n}.ts`;
    const shared = roll > 0.7 ? ` and register it in src/${feature}/index.ts` : '';
    return `${pick(VERBS)} the ${thing} in ${file} ${pick(DETAILS)}${shared}`;
  };
  return generatePlan({ tasks, seed, command: null, describe, title: feature });
}
