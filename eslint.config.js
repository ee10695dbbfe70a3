// Lint: typescript-eslint's recommended rules on every TypeScript file; `npm run lint` allows zero warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/build/**',
      '**/node_modules/**',
      'test-artifacts/**',
      'packages/ml/assembly/**',
      'packages/convert/assembly/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript itself reports undefined names (Node and DOM globals included); ESLint's copy
      // of that check needs a globals list per environment and adds nothing.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'warn',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a seeded PRNG (randomState).' },
      ],
    },
  },
);
