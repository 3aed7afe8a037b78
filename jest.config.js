/**
 * Three kinds of suites, each against the real thing: the domain core, the server on SQLite (and
 * PostgreSQL when TEST_DATABASE_URL is set), and the compiled weapp in miniprogram-simulate.
 * The Chromium end-to-end test has its own config (test/e2e/jest.config.js).
 */
module.exports = {
  projects: [
    {
      displayName: 'core',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/core/**/*.test.ts']
    },
    {
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/server/**/*.test.ts'],
      // cookie 2, which fastify's inject (light-my-request) uses, ships only as an ES module.
      transformIgnorePatterns: ['/node_modules/(?!cookie/)']
    },
    {
      displayName: 'weapp',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/weapp/**/*.test.ts'],
      // The compiled mini-program is loaded as built: only our test files are transformed.
      transformIgnorePatterns: ['/node_modules/', '<rootDir>/dist/']
    }
  ]
}
