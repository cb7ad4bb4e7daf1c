// The layer rule (see readme): client/ knows nothing of React or state; state/ knows nothing of
// views; views/ never reach the client. bridge.ts is the one place that joins client and state.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Type-only imports are allowed across layers: state may know the *shape* of a client's problem
// report without depending on any client code.
const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {patterns: patterns.map((pattern) => ({...pattern, allowTypeImports: true}))},
  ],
});

export default tseslint.config(
  {ignores: ['node_modules/**', 'coverage/**', 'dist/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_'},
      ],
    },
  },
  {
    files: ['source/client/**'],
    rules: restrict([
      {group: ['react', 'ink', 'ink-*'], message: 'client/ must not depend on React or Ink.'},
      {
        group: ['**/state/**', '**/views/**', '../app*'],
        message: 'client/ knows nothing of state or views.',
      },
    ]),
  },
  {
    files: ['source/state/**'],
    ignores: ['source/state/bridge.ts'],
    rules: restrict([
      {group: ['react', 'ink', 'ink-*'], message: 'state/ is a pure reducer: no React or Ink.'},
      {
        group: ['**/client/**', '**/views/**', 'ws'],
        message: 'state/ must not reach the client or views (only bridge.ts joins them).',
      },
    ]),
  },
  {
    // The scriptable twins print plain lines and JSON: they share words with the views through
    // state/, never the views themselves.
    files: ['source/commands/**'],
    rules: restrict([
      {group: ['react', 'ink', 'ink-*'], message: 'commands/ print text: no React or Ink.'},
      {group: ['**/views/**', '../app*'], message: 'commands/ must not depend on views.'},
    ]),
  },
  {
    files: ['source/views/**'],
    rules: restrict([
      {
        group: ['**/client/**', 'ws', '**/state/bridge*'],
        message: 'views/ render props and read state; they never touch the client.',
      },
    ]),
  },
);
