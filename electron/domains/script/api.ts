// The script API group: a Python script's static policy check, without running anything (running
// one is a 'script' job).
import type { ApiGroup } from '../../../shared/api/index.js';
import { checkScript } from '../../../freecad-bridge/src/policy/index.js';

export function scriptApi(): ApiGroup<'script'> {
  return {
    'script.check': async ({ source }) => {
      const r = await checkScript(source);
      return {
        ok: r.ok,
        findings: r.findings.map((f) => ({
          code: f.code,
          rule: f.rule,
          line: f.line,
          col: f.col,
          symbol: f.symbol,
          message: f.message,
        })),
        script_hash: r.script_hash,
        entry: r.entry,
      };
    },
  };
}
