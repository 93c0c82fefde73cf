module.exports = {
  projects: ['<rootDir>/packages/nx-tasks-md', '<rootDir>/e2e'],
  reporters: ['default', '<rootDir>/tools/jest-summary-reporter.js'],
};
