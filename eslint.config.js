// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import architecture from './eslint-rules/layers.js';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      '.tools/**',
      '.tsbuild/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    plugins: { architecture },
    rules: {
      'architecture/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals: enums are not erasable syntax.' },
      ],
    },
  },
  {
    // The core is deterministic: no clock and no unseeded randomness.
    files: ['src/sim/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator in sim/math/random.ts.' },
        { object: 'Date', property: 'now', message: 'The core never reads the clock; time is the step count.' },
        { object: 'performance', property: 'now', message: 'The core never reads the clock; time is the step count.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'The core never reads the clock.' },
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals: enums are not erasable syntax.' },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: [
      'src/main/**',
      'src/bridge/**',
      'src/cli/**',
      'src/preload/**',
      'tests/**',
      'bench/**',
      'validate/**',
      'eslint-rules/**',
      '*.ts',
      '*.js',
      'bin/**',
    ],
    languageOptions: { globals: globals.node },
  },
);
