// `npm run eval:ai` scores what it should: the runner (bench/eval-ai.ts, run as a user runs it) against
// a local OpenAI-compatible server with scripted answers and the real sandboxed FreeCAD 1.1.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Suite, type EvalReport } from '../../bench/eval-ai.js';
import { checkScript } from '../../freecad-bridge/src/policy/index.js';
import { FakeOpenAI } from '../support/fake-openai.js';

const repo = resolve(import.meta.dirname, '../..');
const fake = new FakeOpenAI();
let dir: string;

const reply = (script_py: string, extra: Record<string, unknown> = {}) => ({
  content: JSON.stringify({
    language: 'en',
    units: 'mm',
    parameters: {},
    script_py,
    warnings: [],
    requires_clarification: false,
    ...extra,
  }),
});
const script = (...body: string[]) => ['import FreeCAD as App', 'import Part', ...body, ''].join('\n');

beforeAll(async () => {
  await fake.start();
  dir = mkdtempSync(join(tmpdir(), 'tezgah-eval-it-'));
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('eval:ai', () => {
  it('ships a suite of at least 30 Turkish and English prompts with geometric expectations', async () => {
    const suite = Suite.parse(JSON.parse(readFileSync(join(repo, 'bench', 'ai-prompts.json'), 'utf8')));
    expect(suite.cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(suite.cases.map((c) => c.id)).size).toBe(suite.cases.length);
    expect(suite.cases.filter((c) => c.lang === 'tr').length).toBeGreaterThanOrEqual(10);
    expect(suite.cases.filter((c) => c.lang === 'en').length).toBeGreaterThanOrEqual(10);
    expect(suite.cases.filter((c) => 'volume_mm3' in c.expect).length).toBeGreaterThanOrEqual(30);
    expect((await checkScript(script('result = Part.makeBox(10, 20, 30)'))).ok).toBe(true); // the replies below pass the policy
  });

  it('reports pass rate and invalidity ratio without and with the repair loop', async () => {
    const suite = {
      tolerance: { volume_rel: 0.02, bbox_abs_mm: 0.1, bbox_rel: 0.01 },
      cases: [
        { id: 'box', lang: 'en', text: 'A box 10 x 20 x 30 mm', expect: { volume_mm3: 6000, bbox_mm: [10, 20, 30] } },
        {
          id: 'cylinder',
          lang: 'en',
          text: 'Cylinder, diameter 20 mm, height 50 mm',
          expect: { volume_mm3: 15707.96, bbox_mm: [20, 20, 50] },
        },
        { id: 'vague', lang: 'en', text: 'Make a bracket', expect: { clarification: true } },
      ],
    };
    const file = join(dir, 'suite.json');
    writeFileSync(file, JSON.stringify(suite));
    fake.enqueue(
      reply(script('import os', 'result = Part.makeBox(10, 20, 30)')), // box: refused, then repaired
      reply(script('result = Part.makeBox(20, 10, 30)')), //              built lying on another side: still right
      reply(script('result = Part.makeCylinder(5, 50)')), //              cylinder: valid but too thin
      { content: JSON.stringify({ requires_clarification: true, clarification_question: 'How big?' }) },
    );
    const r = await promisify(execFile)(
      process.execPath,
      [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(repo, 'bench', 'eval-ai.ts'), '--suite', file],
      {
        env: { ...process.env, TEZGAH_AI_BASE_URL: fake.baseURL, TEZGAH_AI_MODEL: 'fake-eval', TEZGAH_AI_RETRIES: '0' },
      },
    );
    const report = JSON.parse(r.stdout) as EvalReport;
    expect(report.endpoint).toMatchObject({ model: 'fake-eval' });
    expect(report.suite).toEqual({ cases: 3, tr: 0, en: 3 });
    expect(report.without_repair).toEqual({
      passed: 1,
      pass_rate: 0.333,
      invalid: 1,
      invalidity_ratio: 0.333,
      wrong_geometry: 1,
      clarifications: 1,
      other_errors: 0,
    });
    expect(report.with_repair).toEqual({
      passed: 2,
      pass_rate: 0.667,
      invalid: 0,
      invalidity_ratio: 0,
      wrong_geometry: 1,
      clarifications: 1,
      other_errors: 0,
      mean_attempts: 1.333,
    });
    const byId = Object.fromEntries(report.cases.map((c) => [c.id, c]));
    expect(byId.box).toMatchObject({
      attempts: 2,
      first: 'SECURITY_VIOLATION',
      final: 'ok',
      passed_without_repair: false,
      passed_with_repair: true,
    });
    expect(byId.cylinder!.problems.join(' ')).toMatch(/volume .* bbox/);
    expect(byId.vague).toMatchObject({ final: 'ERR-AI-425', passed_with_repair: true });
    expect(fake.count).toBe(4);
  });
});
