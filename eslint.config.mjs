// @ts-check
/**
 * `npm run lint`: every file we own, type-aware. Layers, later ones winning:
 * ESLint's recommended rules; Taro's own preset (eslint-config-taro, `taro/react`, which the Taro template
 * extends: its JSX, hooks, import and variable rules) read through FlatCompat because it ships only an
 * .eslintrc-style config; typescript-eslint's recommendedTypeChecked; then where this codebase differs.
 * eslint-config-taro 4.2.0 was written against ESLint 8 and typescript-eslint 6; package.json's overrides give
 * it ESLint 9, typescript-eslint 8 and react-hooks 7, which still have every rule it names.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import js from '@eslint/js'
import { FlatCompat } from '@eslint/eslintrc'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

const root = path.dirname(fileURLToPath(import.meta.url))
const compat = new FlatCompat({ baseDirectory: root })

export default defineConfig([
  globalIgnores(['dist/', 'coverage/', '.temp/', 'data/', 'bench/results/', 'deploy_versions/', '.swc/']),
  js.configs.recommended,
  ...compat.extends('taro/react'),
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      // The automatic JSX runtime (tsconfig "jsx": "react-jsx") needs no React in scope; the Taro template turns these off too.
      'react/react-in-jsx-scope': 'off',
      'react/jsx-uses-react': 'off',
      // The preset's hook rules, stated here; react-hooks 7's React Compiler rules stay off (React 18, no compiler).
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // fast-check is documented as `import fc from 'fast-check'`; TypeScript already checks members of default imports.
      'import/no-named-as-default-member': 'off',
      // Fastify plugins and handlers, Kysely plugins and Taro's defineConfig take async functions, awaited or not.
      '@typescript-eslint/require-await': 'off',
      // React ignores what an event handler returns, so a JSX handler may be async.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // A leading underscore marks a binding that must exist but is not read (the preset's ^React is for the old JSX pragma).
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', ignoreRestSiblings: true, varsIgnorePattern: '^_' }]
    }
  },
  {
    // Taro bans CommonJS in the bundled app; Node-side code may require() (no-require-imports still asks why in TS).
    ignores: ['src/**'],
    rules: { 'import/no-commonjs': 'off' }
  },
  {
    // Our JavaScript (root configs, scripts/start.js) is outside the TypeScript project (no allowJs): no type information.
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked]
  },
  {
    // Root and script configs are CommonJS run by Node (package.json has no "type": "module").
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    // Kysely's documented migration signature is Kysely<any>: a migration must not depend on today's schema type.
    files: ['server/src/db/migrator.ts', 'server/src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    // Tests read untyped JSON (inject().json()) and drive the untyped compiled app; a wrong field fails the assertion.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off'
    }
  },
  {
    // The simulated WeChat platform fails the way WeChat does: it rejects with a plain `{ errMsg }` object.
    files: ['test/sync-model/**'],
    rules: { '@typescript-eslint/only-throw-error': 'off' }
  }
])
