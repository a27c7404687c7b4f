// Architecture rules as code: which folder may import which, and no import cycles.
// Run by `npm run lint` (after eslint). Every rule is an error and there is no list of exceptions:
// an import that breaks a rule fails the lint.

/** Core: types, domain errors, clock, ids, config, logging, secret boxes. Every layer may use it. */
const CORE = ['^services/core/'];

/** Infrastructure: the PostgreSQL pool and migrations, Redis/BullMQ connections and queues, live events. */
const INFRA = ['^services/infra/'];

/** The feature folders under services/: each holds its model, rules, SQL (in sql/), service and jobs. */
const FEATURES = 'alerts|audit|campaigns|capacity|database-users|fleet|health|maintenance|operations|storage|upgrades|workload';

/** The composition root: builds every service once and starts the API and the workers. */
const COMPOSITION_ROOT = '^services/app/';

/** Server code the CLI loads for the commands that run on the server's own machine, each by a
 * dynamic import so that the HTTP commands never load it: `datafleet api|worker` (serve.ts),
 * `datafleet secrets rotate-key` (config, rotate-secret-key) and `datafleet local-nodes` (the local
 * provider with the engines' recipes, built by services/app/local-nodes.ts). Every other CLI command talks HTTP only. */
const CLI_SERVER_ENTRY_POINTS = [
  '^services/app/serve[.]ts$',
  '^services/core/config[.]ts$',
  '^services/core/clock[.]ts$',
  '^services/fleet/secrets/rotate-secret-key[.]ts$',
  '^services/app/local-nodes[.]ts$',
];
const CLI_SERVER_COMMANDS = ['^services/cli/main[.]ts$', '^services/cli/commands/(secrets|local-nodes)[.]ts$'];

const SERVER_CODE = '^(services|workers)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere: move what both sides need into a module both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'product-imports-no-benchmarks',
      severity: 'error',
      comment: 'benchmarks/ imports the product; the product (services/, workers/, ui/, bin/) never imports benchmarks/.',
      from: { path: '^(services|workers|ui|bin)/' },
      to: { path: '^benchmarks/' },
    },
    {
      name: 'nothing-imports-test',
      severity: 'error',
      comment: 'test/ holds tests and their helpers: only tests import them.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'ui-runs-no-server-code',
      severity: 'error',
      comment: 'The console talks HTTP only: it may import types from the server, never code.',
      from: { path: '^ui/src/' },
      to: { path: SERVER_CODE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'ui-types-come-from-the-api',
      severity: 'error',
      comment: "The console's types of server answers come from the API's schemas (services/api/) only.",
      from: { path: '^ui/src/' },
      to: { path: SERVER_CODE, pathNot: '^services/api/' },
    },
    {
      name: 'only-tests-import-ui',
      severity: 'error',
      comment: 'The API serves the built console as files; only tests import ui/ (its build).',
      from: { pathNot: '^(ui|test)/' },
      to: { path: '^ui/' },
    },
    {
      name: 'cli-runs-no-api-code',
      severity: 'error',
      comment: "The CLI is an HTTP client: it may import the API's answer types, never its code.",
      from: { path: '^services/cli/' },
      to: { path: '^services/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-imports-only-the-api-and-its-server-commands',
      severity: 'error',
      comment:
        'The CLI imports from the server only the API types and the entry points of the commands that ' +
        'run on the server machine (api|worker, secrets, local-nodes).',
      from: { path: '^services/cli/' },
      to: { path: SERVER_CODE, pathNot: ['^services/cli/', '^services/api/', ...CLI_SERVER_ENTRY_POINTS] },
    },
    {
      name: 'cli-server-code-only-in-server-commands',
      severity: 'error',
      comment: 'Only main.ts (api|worker) and the secrets and local-nodes commands load server code.',
      from: { path: '^services/cli/', pathNot: CLI_SERVER_COMMANDS },
      to: { path: CLI_SERVER_ENTRY_POINTS },
    },
    {
      name: 'cli-server-code-loads-lazily',
      severity: 'error',
      comment: 'Server code is loaded by a dynamic import, so the HTTP commands start without it.',
      from: { path: '^services/cli/' },
      to: { path: CLI_SERVER_ENTRY_POINTS, dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'only-bin-and-tests-import-the-cli',
      severity: 'error',
      from: { pathNot: '^(services/cli|bin|test)/' },
      to: { path: '^services/cli/' },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'core/ imports nothing else of the product.',
      from: { path: CORE },
      to: { path: SERVER_CODE, pathNot: CORE },
    },
    {
      name: 'engines-import-only-core',
      severity: 'error',
      comment: 'engines/ imports only core/ and engines/.',
      from: { path: '^services/engines/' },
      to: { path: SERVER_CODE, pathNot: [...CORE, '^services/engines/'] },
    },
    {
      name: 'an-engine-imports-no-other-engine',
      severity: 'error',
      comment: "engines/<engine>/ imports its own folder and the shared engine code, never another engine's folder.",
      from: { path: '^services/engines/([^/]+)/' },
      to: { path: '^services/engines/[^/]+/', pathNot: '^services/engines/$1/' },
    },
    {
      name: 'providers-import-only-core',
      severity: 'error',
      comment: 'providers/ imports only core/, infra/ and providers/.',
      from: { path: '^services/providers/' },
      to: { path: SERVER_CODE, pathNot: [...CORE, ...INFRA, '^services/providers/'] },
    },
    {
      name: 'a-provider-imports-no-other-provider',
      severity: 'error',
      from: { path: '^services/providers/([^/]+)/' },
      to: { path: '^services/providers/[^/]+/', pathNot: '^services/providers/$1/' },
    },
    {
      name: 'services-import-no-workers',
      severity: 'error',
      comment: 'workers/ holds the worker processes; only the composition root (services/app/) starts them.',
      from: { path: '^services/', pathNot: COMPOSITION_ROOT },
      to: { path: '^workers/' },
    },
    {
      name: 'infra-imports-only-core-and-infra',
      severity: 'error',
      comment: 'infra/ knows no feature: it imports core/ and infra/ only.',
      from: { path: INFRA },
      to: { path: SERVER_CODE, pathNot: [...CORE, ...INFRA] },
    },
    {
      name: 'a-features-sql-is-its-own',
      severity: 'error',
      comment:
        "A feature's sql/ folder is private: other features import the feature's ports.ts (or its services), " +
        'never its sql/. ports.ts declares, as Picks of its repositories, exactly the methods other features ' +
        'may call; the composition root hands them the concrete repositories, which satisfy the Picks.',
      from: { path: `^services/(${FEATURES})/` },
      to: { path: `^services/(${FEATURES})/sql/`, pathNot: '^services/$1/sql/' },
    },
    {
      name: 'features-import-no-edge-or-root',
      severity: 'error',
      comment: 'Features are built by the composition root and called by the API; they import neither.',
      from: { path: `^services/(${FEATURES})/` },
      to: { path: ['^services/api/', '^services/cli/', COMPOSITION_ROOT] },
    },
    {
      name: 'only-the-composition-root-imports-the-api',
      severity: 'error',
      comment: 'The API is an edge: built by services/app/; clients (cli, ui) import its types only.',
      from: { pathNot: ['^services/api/', COMPOSITION_ROOT, '^services/cli/', '^ui/', '^test/'] },
      to: { path: '^services/api/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^ui/dist/', '^benchmarks/results/'] },
    // Type-only imports count: they are dependencies of the source even if erased at runtime.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    cache: false,
  },
};
