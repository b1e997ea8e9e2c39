import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const featureNames = ['tickets', 'traffic', 'environment', 'inspection'];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-demo',
      'dist-e2e',
      'node_modules',
      'public',
      'test-results',
      'coverage',
      'tests/bench/.dist',
      '.tmp-*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Feed text stays text.',
        },
        { selector: "NewExpression[callee.name='Function']", message: 'No code from strings.' },
      ],
    },
  },
  // Features never import each other: app/ composes them.
  ...featureNames.map((name) => ({
    files: [`src/features/${name}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: featureNames
            .filter((other) => other !== name)
            .flatMap((other) => [`@/features/${other}/*`, `../${other}/*`, `../../${other}/*`]),
        },
      ],
    },
  })),
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
