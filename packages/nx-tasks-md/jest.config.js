module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'nx-tasks-md',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
