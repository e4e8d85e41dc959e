// The layer rules of docs/architecture.md, checked by `npm run lint:layers` (run by `npm test`).
// Order: shared ← electron/platform ← electron/jobs, freecad-bridge/src ← electron/domains ← electron/app/app.ts
//        ← electron/hosts ← electron/shell + electron/main.ts + electron/preload.ts; renderer/ → shared/ only.
// Layer rules see every import, type-only ones too (a type pulls the higher layer's shape down).
// Cycles between files leave out type-only imports (they vanish at run time); cycles between folders
// are checked by build/check-layers.mjs over this tool's JSON output (the tool's own folder scope
// cannot leave type-only imports out). By hand: npx depcruise electron renderer shared freecad-bridge/src
// --config .dependency-cruiser.cjs --output-type err (or dot, html, …).

// One path pattern per layer; everything above a layer is what it must never import.
const SHARED = '^shared/';
const PLATFORM = '^electron/platform/';
const JOBS = '^electron/jobs/';
const BRIDGE = '^freecad-bridge/';
const DOMAINS = '^electron/domains/';
const APP = '^electron/app/';
const HOSTS = '^electron/hosts/';
const SHELL = '^electron/(shell/|main\\.ts$|preload\\.ts$)';
const RENDERER = '^renderer/';
// the npm package 'electron' (not electron-updater, not our electron/ folder)
const ELECTRON_PKG = '(^|/)node_modules/electron/';

const layer = (name, from, forbidden, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: from },
  to: { path: forbidden },
});
const any = (...patterns) => patterns.map((p) => `(${p})`).join('|');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    layer(
      'shared-is-the-bottom',
      SHARED,
      any('^electron/', BRIDGE, RENDERER),
      'shared/ is code of main and renderer alike: it imports only shared/ and npm packages',
    ),
    {
      name: 'shared-no-node',
      severity: 'error',
      comment: 'shared/ runs in the renderer too: no Node builtins',
      from: { path: SHARED },
      to: { dependencyTypes: ['core'] },
    },
    layer('platform-below-jobs', PLATFORM, any(JOBS, BRIDGE, DOMAINS, APP, HOSTS, SHELL), 'platform/ imports only shared/ (and npm, Node)'),
    layer('jobs-below-domains', JOBS, any(DOMAINS, APP, HOSTS, SHELL), 'jobs/ imports shared/, platform/ and the bridge'),
    layer(
      'bridge-below-electron',
      BRIDGE,
      any('^electron/', RENDERER),
      'freecad-bridge/ is a library of its own: shared/ and npm packages only, nothing of the main process',
    ),
    layer('domains-below-app', DOMAINS, any(APP, SHELL), 'a domain never imports app.ts or the shell (hosts/: the rule below)'),
    layer('domains-never-hosts', DOMAINS, HOSTS, 'domains export their API group; hosts/ combines them (issue 10)'),
    layer('app-below-hosts', APP, any(HOSTS, SHELL), 'app.ts builds services; hosts/ serve them'),
    layer('hosts-below-shell', HOSTS, SHELL, 'hosts/ run without Electron (CLI, browser host, tests)'),
    layer('electron-never-renderer', '^electron/', RENDERER, 'the main process never imports the UI'),
    {
      name: 'renderer-only-shared',
      severity: 'error',
      comment: 'renderer/ reaches only shared/ and npm packages',
      from: { path: RENDERER },
      to: { pathNot: any(RENDERER, SHARED, '(^|/)node_modules/'), dependencyTypesNot: ['core'] },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      comment: 'renderer/ runs in a sandboxed page: no Node builtins',
      from: { path: RENDERER },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-shell',
      severity: 'error',
      comment: "only electron/main.ts, electron/preload.ts and electron/shell/ import 'electron'",
      from: { pathNot: SHELL },
      to: { path: ELECTRON_PKG },
    },
    {
      name: 'preload-minimal',
      severity: 'error',
      comment: 'the preload reaches the page only through shared/ code and the IPC channel names',
      from: { path: '^electron/preload\\.ts$' },
      to: { pathNot: any(SHARED, ELECTRON_PKG, '^electron/shell/channels\\.ts$') },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      comment: 'no import cycles between files (type-only imports left out: they vanish at run time)',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'an import that resolves to no file (a typo, a file not yet written, an npm package not installed)',
      from: {},
      to: { couldNotResolve: true, dependencyTypesNot: ['core'] },
    },
  ],
  options: {
    // declaration files of our own are no app code; npm packages' typings stay (zod resolves to one)
    exclude: { path: '^(?!node_modules/).*\\.d\\.ts$' },
    // npm packages are leaves: their own imports are not ours to check
    doNotFollow: { path: 'node_modules' },
    // see type-only imports (import type, import { type X }) as such
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // 'electron' resolves to the npm package; `.js` specifiers to the `.ts` sources
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    // a work tree whose node_modules is a link to another tree's still sees npm packages as such
    preserveSymlinks: true,
    cache: false,
  },
};
