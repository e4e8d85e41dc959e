// A batch run in Chromium as a person does it: cells pasted from a spreadsheet (tab-separated, a
// Turkish decimal comma, units in the header and a cell), "Check" shows the bad row's coded error
// before any job, "Make" runs the good rows to the end with one progress bar, the summary CSV
// downloads with every row; the same sheet again shows the rows as made before.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startSession, type E2eSession } from './support/session.js';

const SHEET = 'length_mm\twidth\theight\thole_diameter\n40\t30\t12\t8\n45,5\t3 cm\t12\t8\n50\t30\t12 kg\t8\n';

describe('Batch run in Chromium', () => {
  let s: E2eSession;

  beforeAll(async () => {
    s = await startSession();
    await openApp(s, '#/batch/prism-with-hole');
  }, 300_000);

  afterAll(async () => {
    await s?.close();
  });

  afterEach(() => {
    expect(s.pageErrors).toEqual([]);
  });

  it('checks, runs, reports per row, downloads the summary, and skips made rows the second time', async () => {
    const p = s.page;
    await p.locator('[data-testid="batch-page"] #batch-csv').fill(SHEET);
    await p.locator('[data-action="batch-check"]').click();
    const result = p.locator('[data-testid="batch-result"]');
    await result.locator('tr[data-row="3"]').waitFor();
    expect(await result.getAttribute('data-state')).toBe('checked');
    expect(await result.locator('tr[data-row="1"]').getAttribute('data-status')).toBe('ready');
    expect(await result.locator('tr[data-row="3"]').getAttribute('data-status')).toBe('rejected');
    expect(await result.locator('tr[data-row="3"] [data-code]').getAttribute('data-code')).toBe('BATCH_BAD_UNIT');
    expect((await s.api.call('jobs.list', {})).length).toBe(0);

    await p.locator('[data-action="batch-run"]').click();
    await p.locator('[data-testid="batch-result"][data-state="finished"]').waitFor({ timeout: 120_000 });
    expect(await result.locator('tr[data-row="1"]').getAttribute('data-status')).toBe('succeeded');
    expect(await result.locator('tr[data-row="2"]').getAttribute('data-status')).toBe('succeeded');
    expect(await result.locator('tr[data-row="3"]').getAttribute('data-status')).toBe('failed');
    expect(await p.locator('[data-testid="batch-summary"]').textContent()).toContain('2 made');
    expect(await p.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    // row 2: 45.5 × 30 × 12 less the hole, as the page and the API say
    const jobs = await s.api.call('jobs.list', {});
    expect(jobs).toHaveLength(2);
    const row2 = jobs.find((j) => j.spec.type === 'template' && j.spec.params.length === 45.5)!;
    expect(row2.metrics!.volume_mm3).toBeCloseTo(45.5 * 30 * 12 - Math.PI * 16 * 12, 2);
    await s.screenshot('batch-finished');

    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-action="batch-download"]').click()]);
    const text = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((st) => {
        let buf = '';
        st.on('data', (c) => (buf += c));
        st.on('end', () => resolve(buf));
        st.on('error', reject);
      });
    });
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('status');
    expect(lines[3]).toContain('BATCH_BAD_UNIT');

    // the same sheet again: made before
    await p.locator('[data-action="batch-run"]').click();
    await p.locator('[data-testid="batch-result"][data-state="finished"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => result.locator('tr[data-row="1"]').getAttribute('data-status')).toBe('skipped');
    expect(await result.locator('tr[data-row="2"]').getAttribute('data-status')).toBe('skipped');
    expect(await s.api.call('jobs.list', {})).toHaveLength(2);
  });
});
