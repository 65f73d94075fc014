/**
 * The dependency rule of this repository, checked by `npm run depcruise` (part of `npm test`).
 *
 *   functions → shared/{http,runtime} → shared/app → shared/domain
 *   shared/{store,adapters} → shared/app (ports) and shared/domain
 *   events → zod only
 *   infra → definitions in shared, events and functions; nothing imports infra
 *
 * Each forbidden rule is named so that a wrong import fails CI with the name of the rule it breaks.
 * Violations that existed when the rule was written are listed in .dependency-cruiser-known-violations.json
 * (`--ignore-known`: counted in the summary, not failed; `--no-ignore-known` lists them). Any new violation fails.
 * When code moves and a known violation goes, `npm run depcruise:baseline` rewrites the list.
 *
 * Paths are relative to the directory depcruise runs in (the repository root, or a fixture tree in
 * test/unit/tools/dependency-rules.test.ts), so every rule anchors on `^shared/`, `^events/`, ….
 */
const path = require('node:path');

/**
 * npm packages that tie code to AWS, Lambda or a framework. Pure code (domain, app, events) stays free of them
 * so that it runs, and is tested, without any of them.
 */
const IMPURE_PACKAGES = [
  '@aws-sdk',
  '@smithy',
  '@aws-lambda-powertools',
  '@middy',
  '@types/aws-lambda',
  'aws-lambda',
  'aws-cdk-lib',
  'aws-cdk',
  'constructs',
  'cdk-nag',
];

/**
 * Any installed npm package but the impure ones: `node_modules/zod/…`, or `../../node_modules/zod/…` from a nested
 * tree. A package that does not resolve is not installed, so it is not allowed either.
 */
const PURE_NPM = `(^|/)node_modules/(?!(${IMPURE_PACKAGES.join('|')})(/|$))`;

/** node:crypto hashes the ledger chain and fingerprints in the domain; it has no I/O and no ambient state. */
const PURE_NODE = '^(node:)?crypto$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'shared/domain holds the rules of the product (agreements, calendars, KPIs, the ledger chain): pure functions ' +
        'over data. It may import only shared/domain, events/ (the event schemas are its types), node:crypto and pure ' +
        'npm libraries (zod, croner, date-holidays…). No AWS SDK, Powertools, middy, no file system, network or ' +
        'process, and nothing from shared/{app,store,adapters,http,runtime}, functions/ or infra/.',
      from: { path: '^shared/domain/' },
      to: { pathNot: ['^shared/domain/', '^events/', PURE_NPM, PURE_NODE] },
    },
    {
      name: 'app-depends-on-ports',
      severity: 'error',
      comment:
        'shared/app holds the use cases. A use case depends only on ports (interfaces declared beside it in ' +
        'shared/app), on shared/domain and on events/; the implementations (shared/store, shared/adapters) are chosen ' +
        'by the composition in the Lambda entry or infra/local. So shared/app may not import shared/{store,adapters,' +
        'http,runtime}, functions/, infra/, the AWS SDK or any Lambda framework, nor read files or the network.',
      from: { path: '^shared/app/' },
      to: { pathNot: ['^shared/(app|domain)/', '^events/', PURE_NPM, PURE_NODE] },
    },
    {
      name: 'store-and-adapters-implement-ports',
      severity: 'error',
      comment:
        'shared/store (DynamoDB repositories) and shared/adapters (AWS clients, publishers, scopes) implement the ports ' +
        'of shared/app with the types of shared/domain and events/. They sit below the edge: no shared/runtime, ' +
        'shared/http, functions/ or infra/. They stay apart from each other so either can be replaced: store imports ' +
        'store, adapters import adapters. One exception: adapters may import shared/store/table.ts, the table ' +
        'definition (key names, index names), which is data both sides must agree on.',
      from: { path: '^shared/(store|adapters)/' },
      to: {
        path: '^(shared/(runtime|http|store|adapters)|functions|infra)/',
        pathNot: ['^shared/$1/', '^shared/store/table\\.ts$'],
      },
    },
    {
      name: 'http-and-runtime-above-app',
      severity: 'error',
      comment:
        'shared/http (the API edge) and shared/runtime (the event-handler edge, logger, metrics, config) call use cases ' +
        'in shared/app and are called by functions/. They may not import functions/ or infra/, nor shared/store or ' +
        'shared/adapters: which implementation serves a port is decided in the Lambda entry, not in the edge. ' +
        'Exception: shared/adapters/tenant-scope.ts and shared/adapters/transient-errors.ts are cross-cutting: the ' +
        'edge opens the tenant scope every adapter reads, and maps transient AWS errors to 503 once.',
      from: { path: '^shared/(http|runtime)/' },
      to: {
        path: '^(functions|infra|shared/store|shared/adapters)/',
        pathNot: '^shared/adapters/(tenant-scope|transient-errors)\\.ts$',
      },
    },
    {
      name: 'events-imports-only-zod',
      severity: 'error',
      comment:
        'events/ is the published contract: the event schemas integrators rely on (docs/ is generated from them). ' +
        'It may import only events/ and zod, so the contract cannot change because an implementation changed.',
      from: { path: '^events/' },
      to: { pathNot: ['^events/', '(^|/)node_modules/zod/', '^zod$'] },
    },
    {
      name: 'nothing-imports-infra',
      severity: 'error',
      comment:
        'infra/ (CDK stacks and the local runtime) reads definitions from shared/, events/ and functions/ to deploy ' +
        'or run them; nothing points back at it, or the product would depend on how it is deployed. Tests may.',
      from: { pathNot: '^(infra|test)/' },
      to: { path: '^infra/' },
    },
    {
      name: 'nothing-imports-functions-but-infra',
      severity: 'error',
      comment:
        'functions/ holds the Lambda entries and their definitions (functions/catalog.ts, routes.ts, schedules.ts) ' +
        'that infra/ deploys. Only infra/, functions/ itself, test/ and tools/ (tools/docs generates docs/ from ' +
        'functions/routes.ts, as infra reads it) import them; shared/ and events/ never do.',
      from: { pathNot: '^(infra|functions|test|tools)/' },
      to: { path: '^functions/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle means two modules cannot be understood, tested or moved one without the other; the layers above ' +
        'point one way only. Tests are left out.',
      from: { pathNot: '^test/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(cdk\\.out|\\.local)/' },
    // Type-only imports count: a port imported as a type is still a dependency of the layer.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
