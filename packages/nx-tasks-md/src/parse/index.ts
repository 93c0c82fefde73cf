export { parseTasksMd } from './parse-tasks-md';
