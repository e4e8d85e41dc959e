// `npm run bench [name …]`: runs the benchmarks and prints one JSON object per benchmark.
// Targets live here, never in timed tests.
const benches: Record<string, () => Promise<unknown>> = {
  foundation: async () => (await import('./foundation.js')).benchFoundation(),
  cam: async () => (await import('./cam.js')).benchCam(),
  sync: async () => (await import('./sync.js')).benchSync(),
  assembly: async () => (await import('./assembly.js')).benchAssembly(),
  'bridge-oneshot': async () => (await import('./bridge-oneshot.js')).benchBridgeOneShot(),
  batch: async () => (await import('./batch.js')).benchBatch(),
  dfm: async () => (await import('./dfm.js')).benchDfm(),
};

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(benches);
for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.log(JSON.stringify(await bench(), null, 2));
}
