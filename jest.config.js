/**
 * Four kinds of suites, each against the real thing: the domain core, the server on SQLite (and
 * PostgreSQL when TEST_DATABASE_URL is set), the client's sync layer against the real server, and the
 * compiled weapp in miniprogram-simulate.
 * The Chromium end-to-end test has its own config (test/e2e/jest.config.js).
 */
module.exports = {
  // A budget against hangs, not a speed check: CI machines have two cores shared by every suite.
  testTimeout: 30_000,
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
      displayName: 'app',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/app/**/*.test.ts'],
      // The app's pure functions import each other through the `@/` alias of tsconfig.json.
      moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' }
    },
    {
      // The client's outbox and storage (src/services) against the real server, with only the WeChat
      // platform (storage, network) simulated by test/sync-model/platform.ts.
      displayName: 'sync-model',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/sync-model/**/*.test.ts'],
      transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
      moduleNameMapper: {
        '^@tarojs/taro$': '<rootDir>/test/sync-model/platform.ts',
        '^@/(.*)$': '<rootDir>/src/$1'
      },
      globals: { API_BASE: 'http://phone.test' }
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
