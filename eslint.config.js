// The layer rule (see readme): client/ knows nothing of React or state; state/ knows nothing of
// views; views/ never reach the client. bridge.ts is the one place that joins client and state.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// One gateway is wired in one place: link/gateway-link.ts opens the connection and its bridge.
// The console, the twins and the tests get their wiring from openGatewayLink; only the link and
// the client's own unit tests (test/unit/client) build a bare connection.
const WIRING = [
  {
    group: ['**/client/connection*'],
    importNames: ['createGatewayConnection'],
    message: 'open a gateway with openGatewayLink (source/link/gateway-link.ts).',
  },
  {
    group: ['**/state/bridge*'],
    importNames: ['bridgeGateway'],
    message: 'open a gateway with openGatewayLink (source/link/gateway-link.ts).',
  },
  {
    group: ['**/control/decide*', '**/control/answer*'],
    importNames: ['createDecider', 'createAnswerer'],
    message: "decide and answer through the gateway's link (link.decide, link.answer).",
  },
];

// Type-only imports are allowed across layers: state may know the *shape* of a client's problem
// report without depending on any client code. A later block replaces an earlier one's list for
// the files both match, so every layer's list carries the wiring rule too (except link/'s).
const restrict = (patterns, {wiring = true} = {}) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        ...patterns.map((pattern) => ({...pattern, allowTypeImports: true})),
        ...(wiring ? WIRING : []),
      ],
    },
  ],
});

export default tseslint.config(
  {ignores: ['node_modules/**', 'coverage/**', 'dist/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The bin and its stamp check are CommonJS (no ES module loader at start: issue 11).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
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
    files: ['**/*.ts', '**/*.tsx'],
    // The one-shot profile times the client's connect on its own, apart from the rest.
    ignores: ['source/link/**', 'test/unit/client/**', 'bench/probes/one-shot-profile.ts'],
    rules: restrict([]),
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
    // The action union is what every slice imports, so it imports no slice, not even a type:
    // otherwise slices and actions import each other in a circle (action-types/ holds each
    // slice's actions as plain types over protocol/ and model.ts).
    files: ['source/state/actions.ts', 'source/state/action-types/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'ink', 'ink-*', 'ws', '**/client/**', '**/views/**'],
              message: 'actions are plain types: no React, Ink, client or views.',
            },
            {
              group: ['**/*-slice*', '**/question-inbox*', '**/tail-events*', '**/selectors*'],
              message: 'the action union imports no reducer (slices import it, not the reverse).',
            },
          ],
        },
      ],
    },
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
    // cli-core.ts is dist/cli-core.cjs (parser, options, twins): everything in it loads for a
    // twin, so it may reach the console only through cli.tsx, never by an import of its own.
    // cli-twin.ts is dist/cli-twin.cjs, the bin's entry for a twin: the same holds.
    files: ['source/cli-core.ts', 'source/code-cache.ts', 'source/cli-twin.ts'],
    rules: restrict([
      {group: ['react', 'ink', 'ink-*'], message: 'cli-core is the twins’ code: no React or Ink.'},
      {
        group: ['**/views/**', './app*', './console/**'],
        message: 'cli-core must not load the console.',
      },
    ]),
  },
  {
    // The twins load the link: no React, Ink or views in it (types of a view's data are fine).
    files: ['source/link/**'],
    rules: restrict(
      [
        {
          group: ['react', 'ink', 'ink-*'],
          message: 'link/ is loaded by the twins: no React or Ink.',
        },
        {group: ['**/views/**', '../app*'], message: 'link/ must not depend on views.'},
      ],
      {wiring: false},
    ),
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
