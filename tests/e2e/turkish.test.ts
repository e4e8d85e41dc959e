// The whole workbench in Turkish: switch the language in Settings, make a part, import a mesh and
// generate a CAM program through the UI, then visit every page and read its visible text. No English
// word may be left: the words come from the catalogue's English side (minus the words Turkish uses
// too) and a list of common English words; product names, units and codes are allowed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, flatten } from '../../shared/i18n/index.js';
import { CamPage } from './pages/CamPage.js';
import { ImportDrop } from './pages/ImportDrop.js';
import { PartPage } from './pages/PartPage.js';
import { makeJob, PRISM_WITH_HOLE } from './support/jobs.js';
import { REPO } from './support/renderer-build.js';
import { openApp, startSession, type E2eSession } from './support/session.js';

/** Names, units and codes that are the same in Turkish. */
const ALLOWED = new Set(
  'tezgah freecad freecadcmd step stl obj iges brep fcstd glb cam cnc gcode grbl linuxcnc fanuc hss ascii url api s3 tls zip ctrl alt shift esc iso manifold profil mesh ssd min max rpm openai azure minio http https json ap214 ap203 ap242 bubblewrap keyring node'.split(
    ' ',
  ),
);
/** Common English words the catalogue may not have (text that bypassed it, e.g. from the main process). */
const COMMON_EN =
  'the and with for from this that there these those into onto about after before while where which what when who how why not any all none some more less only also than then else each every other same such very just still again was were has have had does did will would can could should may might must shall its our your their them they you are is be been being open close closed error errors warning warnings check checks file files part parts job jobs step steps tool tools machine machines line lines segment segments time min binary ascii text solid shell mesh surface surfaces face faces edge edges hole holes triangle triangles vertex vertices repair repairs repaired note notes unit units size format report export import view show hide none yes true false done failed running queued succeeded cancelled loading pocket profile facing drilling drill adaptive clearing settings library sync team prompt new save cancel retry delete edit'.split(
    ' ',
  );

const words = (s: string) => s.toLowerCase().match(/[a-z]{3,}/g) ?? [];
const texts = [...flatten(CATALOG).values()];
const TURKISH_TOO = new Set(texts.flatMap((t) => words(t.tr)));
const ENGLISH = new Set([...texts.flatMap((t) => words(t.en)), ...COMMON_EN].filter((w) => !TURKISH_TOO.has(w) && !ALLOWED.has(w)));

const fixture = (name: string) => readFileSync(join(REPO, 'tests', 'fixtures', 'cad', name));

describe('Tezgah in Turkish', () => {
  let s: E2eSession;
  let part = '';
  let mesh = '';
  let cam = '';
  /** English words (and raw snake_case keys) found, by page */
  const found: Record<string, string[]> = {};

  /** The page's visible text, less what is the user's own data (the G-code, file names, ids, typed values). */
  async function visibleText(): Promise<string> {
    return s.page.evaluate(() => {
      const skip = (el: Element) => el.closest('.gcode, code, pre, textarea, input, [data-user-text]') !== null;
      const out: string[] = [];
      const walk = (n: Node) => {
        if (n.nodeType === Node.TEXT_NODE) {
          const el = n.parentElement;
          if (el && !skip(el) && el.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) !== false)
            out.push(n.textContent ?? '');
          return;
        }
        if (n.nodeType === Node.ELEMENT_NODE && ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes((n as Element).tagName)) return;
        n.childNodes.forEach(walk);
      };
      walk(document.body);
      return out.join(' ');
    });
  }

  async function visit(name: string, hash: string, ready: string): Promise<void> {
    await s.page.evaluate((h) => (window.location.hash = h), hash);
    await s.page.locator(ready).first().waitFor({ state: 'attached', timeout: 60_000 });
    await s.page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    await s.screenshot(`tr-${name}`);
    const text = (await visibleText())
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ' ')
      .replace(/\S+\.(stl|step|stp|igs|iges|brep|obj|fcstd|glb|gcode|nc|tap|json)\b/gi, ' ')
      .replace(/\/\S+/g, ' ')
      // error codes (UNITS_ASSUMED) and library ids (aluminium-6061, grbl-3018) are codes, not words
      .replace(/\b[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+\b/g, ' ')
      .replace(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, ' ');
    const english = [...new Set(words(text).filter((w) => ENGLISH.has(w)))];
    const keys = [...new Set(text.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? [])];
    if (english.length || keys.length) found[name] = [...english, ...keys];
  }

  beforeAll(async () => {
    s = await startSession();
    part = (await makeJob(s.api, PRISM_WITH_HOLE)).id;
    await openApp(s, '#/settings');
    await s.page.locator('#set-lang').selectOption('tr');
    await s.page.locator('html[lang="tr"]').waitFor({ state: 'attached' });
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('imports a mesh and generates a CAM program in Turkish', async () => {
    await s.page.evaluate(() => (window.location.hash = '#/new'));
    await s.page.locator('[data-testid="import-card"]').waitFor();
    await new ImportDrop(s.page).drop([{ name: 'soup.stl', bytes: fixture('soup.stl') }], '[data-testid="import-card"]');
    await s.page.waitForURL(/#\/part\/.+/);
    await new PartPage(s.page).waitForStatus('succeeded');
    mesh = decodeURIComponent(new URL(s.page.url()).hash.replace('#/part/', ''));

    const c = new CamPage(s.page);
    await c.open();
    await c.choosePart(part);
    await c.chooseMachine('grbl-3018');
    await c.setMargin(2);
    cam = await c.generate();
    await c.waitForStatus('succeeded');
    await c.waitForToolpath();
  }, 300_000);

  it('shows no English word on any page', async () => {
    await visit('new', '#/new', '.template-name');
    await visit('new-form', '#/new/prism-with-hole', '#form-title');
    await visit('jobs', '#/jobs', '.page.jobs .job-row[data-job]');
    await visit('part', `#/part/${part}`, '.page.part[data-status="succeeded"] .viewer-host[data-state="ready"]');
    await visit('part-import', `#/part/${mesh}`, '[data-testid="import-report"]');
    await visit('part-drawing', `#/part/${part}/drawing`, '.drawing-tab form .empty-note, .drawing-tab .drawing-form');
    await visit('part-simulation', `#/part/${part}/simulation`, '.fem-tab #fem-material option[value="steel-s235"]');
    await visit('library-materials', '#/library/materials', '.page.library table tbody tr');
    await visit('library-machines', '#/library/machines', '.page.library table tbody tr');
    await visit('library-tools', '#/library/tools', '.page.library table tbody tr');
    await visit('settings', '#/settings', '[data-testid="runtime"] dd');
    await visit('cam-setup', `#/cam/part/${part}`, 'form.cam-setup #cam-machine option[value]:not([value=""])');
    await visit('cam-result', `#/cam/${cam}`, '[data-testid="toolpath-host"][data-state="ready"]');
    await visit('shop', '#/shop', '.shop, .page');
    await visit('prompt', '#/prompt', '.page');
    await visit('team', '#/team', '.page');
    await visit('batch', '#/batch/prism-with-hole', '[data-testid="batch-columns"]');
    expect(found).toEqual({});
  }, 300_000);
});
