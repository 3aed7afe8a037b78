/** The H5 build in real Chromium against the real server process (see test/e2e/README in docs/testing). */
module.exports = {
  rootDir: '../..',
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testTimeout: 180000,
  maxWorkers: 1
}
