// One lint setup for the whole project: typescript-eslint's strict rules on TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_ENUMS = { selector: 'TSEnumDeclaration', message: 'Use an `as const` object instead of an enum.' };

// Control-plane SQL: statements against Datafleet's own database. A string or template piece that
// reads like one belongs in a feature's sql/ folder (or infra/db/, migrations/), where the
// repository functions live; the service calls those functions.
const SQL_TEXT = String.raw`/\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WITH \w+ AS)\b/`;
const SQL_MESSAGE =
  "SQL lives in a feature's sql/ folder (services/<feature>/sql/, services/<feature>/<part>/sql/), services/infra/db/ or migrations/: call a repository function there.";
const NO_SQL = [
  { selector: `Literal[value=${SQL_TEXT}]`, message: SQL_MESSAGE },
  { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: SQL_MESSAGE },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'ui/dist/**', 'bin/dist/**', 'vendor/**', 'benchmarks/results/**', '.datafleet/**', 'coverage/**'] },
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
      'no-restricted-syntax': ['error', NO_ENUMS],
    },
  },
  {
    // Product code holds no control-plane SQL outside the SQL folders.
    files: ['services/**/*.ts', 'workers/**/*.ts', 'ui/**/*.ts', 'ui/**/*.tsx', 'bin/**/*.ts'],
    ignores: [
      'services/*/sql/**',
      'services/*/*/sql/**',
      'services/infra/db/**',
      // The embedded server's bootstrap talks to the PostgreSQL server before our database exists
      // (is it up, does the database exist yet); it is infrastructure, like infra/db/.
      'services/infra/embedded/**',
      // Engines and the workload drivers speak to the MANAGED datastores (a customer's PostgreSQL or
      // Cassandra: probes, replication, standard workloads), never to Datafleet's own database.
      'services/engines/**',
      'services/workload/drivers/**',
      // Tests and benchmarks set up and inspect state directly.
      '**/*.test.ts',
      '**/*.test.tsx',
    ],
    rules: {
      'no-restricted-syntax': ['error', NO_ENUMS, ...NO_SQL],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
