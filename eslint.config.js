// One lint setup for the whole project: typescript-eslint's strict rules on TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'ui/dist/**', 'vendor/**', 'benchmarks/results/**', '.datafleet/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // Unused names are errors unless they are deliberately ignored with a leading underscore.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // With noUncheckedIndexedAccess every index is possibly undefined; `!` marks the ones a
      // preceding check or a fixed-size tuple guarantees.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // TypeScript already reports undefined names with full type information.
      'no-undef': 'off',
      // Enums are not used in this codebase: `as const` objects instead.
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` object instead of an enum.' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
