module.exports = {
  projects: ['<rootDir>/packages/nx-tasks-md', '<rootDir>/e2e'],
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
  // One worker on two cores (Jest's default): with two, the e2e's SIGINT-to-nx scenario on Nx 22 saw
  // an orphaned executor still cleaning up when it looked. The suites that make contention on purpose
  // (*.stress, *.concurrency, concurrent-runs) run after the others (`npm run test:suites`).
};
