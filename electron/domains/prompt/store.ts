// The ai_suggestions table: one row per model request of a prompt job (every repair attempt), with
// the PII-masked prompt and answer only (KVKK), the model, timings, request ids and how it ended.
import type { Database } from 'better-sqlite3';

export interface NewAiSuggestion {
  job_id: string | null;
  /** the user's prompt after maskPii() */
  prompt_masked: string;
  /** stored as JSON: the model's masked answer and what became of it */
  response_masked: Record<string, unknown> | null;
  model: string | null;
  provider: string | null;
  /** our id, sent as X-Client-Request-Id */
  request_id: string | null;
  provider_request_id: string | null;
  duration_ms: number | null;
  /** 1 for the first request of a job, 2 and 3 for repairs */
  attempt: number;
  /** 'ok' or the error code the attempt ended with */
  outcome: string;
  script_hash: string | null;
}

export interface AiSuggestion extends NewAiSuggestion {
  id: number;
  created_at: string;
}

interface Row extends Omit<AiSuggestion, 'response_masked'> {
  response_masked: string | null;
}

export class AiSuggestionRepo {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(s: NewAiSuggestion): AiSuggestion {
    const created_at = this.now().toISOString();
    const duration = s.duration_ms === null ? null : Math.max(0, Math.round(s.duration_ms));
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO ai_suggestions (job_id, prompt_masked, response_masked, model, provider, request_id, provider_request_id, duration_ms, attempt, outcome, script_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        s.job_id,
        s.prompt_masked,
        s.response_masked === null ? null : JSON.stringify(s.response_masked),
        s.model,
        s.provider,
        s.request_id,
        s.provider_request_id,
        duration,
        s.attempt,
        s.outcome,
        s.script_hash,
        created_at,
      );
    return { ...s, duration_ms: duration, id: Number(lastInsertRowid), created_at };
  }

  listForJob(jobId: string): AiSuggestion[] {
    const rows = this.db
      .prepare(
        `SELECT id, job_id, prompt_masked, response_masked, model, provider, request_id, provider_request_id, duration_ms, attempt, outcome, script_hash, created_at
         FROM ai_suggestions WHERE job_id = ? ORDER BY id`,
      )
      .all(jobId) as Row[];
    return rows.map((r) => ({
      ...r,
      response_masked: r.response_masked === null ? null : (JSON.parse(r.response_masked) as Record<string, unknown>),
    }));
  }
}
