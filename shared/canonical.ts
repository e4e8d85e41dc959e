// Canonical JSON: keys sorted, no whitespace, numbers as JSON prints them (with -0 as 0). Used for
// spec hashes, audit chain records and cache keys, so equal values always give equal bytes.
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(v: unknown): unknown {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError('canonicalJson: non-finite number');
      return Object.is(v, -0) ? 0 : v;
    }
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : normalise(x)));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as object).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = normalise(x);
  }
  return out;
}
