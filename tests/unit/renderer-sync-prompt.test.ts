// The sync indicator's states and the per-job sync cache; the Prompt page's reading of a prompt
// job's AI record, its language guess and the follow-up prompt with the user's answer.
import { describe, expect, it } from 'vitest';
import type { ApiClient, JobSyncInfo, SyncStatus } from '../../shared/api/index.js';
import type { JobRecord } from '../../shared/jobs.js';
import { createSyncStore, indicatorOf, loadJobSyncStates } from '../../renderer/features/sync/store.js';
import { aiOf, guessLanguage, shownAttempt, withAnswer } from '../../renderer/features/prompt/ai.js';

const status = (over: Partial<SyncStatus>): SyncStatus => ({
  state: 'up_to_date',
  done: 0,
  total: 0,
  pending: 0,
  failed: 0,
  conflicts: 0,
  bytes_pending: 0,
  last_sync_at: null,
  next_attempt_at: null,
  error: null,
  store: 'http://s3/team',
  seat_id: 'seat',
  remote_jobs: 0,
  ...over,
});

describe('sync indicator', () => {
  it('says off, offline, syncing n of m, up to date or error', () => {
    expect(indicatorOf(null).state).toBe('off');
    expect(indicatorOf(status({ state: 'not_configured' })).state).toBe('off');
    expect(indicatorOf(status({ state: 'offline' })).state).toBe('offline');
    expect(indicatorOf(status({ state: 'syncing', done: 3, total: 7 }))).toEqual({ state: 'syncing', done: 3, total: 7 });
    // a pass that grew while running never shows more done than total
    expect(indicatorOf(status({ state: 'syncing', done: 9, total: 7 }))).toEqual({ state: 'syncing', done: 9, total: 9 });
    expect(indicatorOf(status({ state: 'error' })).state).toBe('error');
  });

  it('fetches the sync state only of jobs it does not know yet, in batches', async () => {
    const store = createSyncStore();
    const asked: string[][] = [];
    const api = {
      call: (async (_m: string, input: { ids: string[] }) => {
        asked.push(input.ids);
        return Object.fromEntries(
          input.ids.map((id) => [id, { job_id: id, origin: 'local', state: 'synced', error: null } satisfies JobSyncInfo]),
        );
      }) as ApiClient['call'],
      on: () => () => undefined,
    } as ApiClient;
    const ids = Array.from({ length: 600 }, (_, i) => `j${i}`);
    await loadJobSyncStates(api, ids, store);
    expect(asked.map((a) => a.length)).toEqual([500, 100]);
    await loadJobSyncStates(api, ['j1', 'j700'], store);
    expect(asked.at(-1)).toEqual(['j700']);
    expect(store.getState().jobs.j700!.state).toBe('synced');
  });
});

// partial records on purpose: the reader takes what it finds
const promptJob = (over: Record<string, unknown>): JobRecord => ({ document: { steps: [] }, error: null, ...over }) as unknown as JobRecord;

describe('prompt results', () => {
  it('reads result.ai of a succeeded job and error.details.ai of a failed one', () => {
    const ai = {
      model: 'm',
      provider: 'p',
      language: 'tr',
      attempts: [{ n: 1, outcome: 'ok', error: null, script: 'x = 1', findings: [], parameters: { d: 8 }, warnings: [] }],
      parameters: { d: 8 },
      warnings: ['w'],
      question: null,
    };
    expect(aiOf(promptJob({ document: { steps: [], result: { ai } } }))).toMatchObject({
      model: 'm',
      language: 'tr',
      parameters: { d: 8 },
      warnings: ['w'],
      question: null,
    });
    const failed = promptJob({
      error: {
        code: 'SECURITY_VIOLATION',
        message: '',
        hint: '',
        details: {
          ai: {
            ...ai,
            attempts: [
              {
                n: 1,
                outcome: 'SECURITY_VIOLATION',
                error: { code: 'SECURITY_VIOLATION', message: 'no', details: { line: 4 } },
                script: 'import os',
                findings: [
                  { code: 'SECURITY_VIOLATION', rule: 'forbidden-import', line: 1, col: 1, symbol: 'os', message: { en: 'e', tr: 't' } },
                ],
                parameters: {},
                warnings: [],
              },
              { n: 2, outcome: 'AI_BAD_RESPONSE', error: null, script: null, findings: [], parameters: {}, warnings: [] },
            ],
          },
        },
      },
    });
    const view = aiOf(failed)!;
    expect(view.attempts).toHaveLength(2);
    // the last attempt had no script: the one shown is the last that had one, with its findings
    expect(shownAttempt(view)!.n).toBe(1);
    expect(shownAttempt(view)!.findings[0]!.symbol).toBe('os');
    expect(aiOf(promptJob({}))).toBeNull();
  });

  it('takes the question of ERR-AI-425 from the AI record or the error details', () => {
    const q = promptJob({
      error: { code: 'ERR-AI-425', message: '', hint: '', details: { question: 'Hangi çap?', ai: { attempts: [], question: null } } },
    });
    expect(aiOf(q)!.question).toBe('Hangi çap?');
  });

  it('guesses Turkish or English as the prompt is typed', () => {
    expect(guessLanguage('')).toBeNull();
    expect(guessLanguage('20 mm')).toBeNull();
    expect(guessLanguage('ortasında delik olan flanş')).toBe('tr');
    expect(guessLanguage('a plate with four holes')).toBe('en');
    expect(guessLanguage('bir flanş yap')).toBe('tr');
  });

  it('adds the answer to the original request for the next attempt', () => {
    expect(withAnswer(' bir flanş yap ', ' dış çap 20 mm ')).toBe('bir flanş yap\ndış çap 20 mm');
  });
});
