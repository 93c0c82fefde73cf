module.exports = {
  projects: ['<rootDir>/packages/nx-tasks-md', '<rootDir>/e2e'],
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
  // Most suites wait on real Nx, git and agent processes rather than compute: two workers on two cores
  // (Jest's default is one fewer than the cores) let the long e2e suite run beside the others. The
  // suites that make contention on purpose (*.stress, *.concurrency, concurrent-runs) run after
  // them, alone (`npm run test:suites`), so that no other suite's load decides their outcome.
  maxWorkers: 2,
};
