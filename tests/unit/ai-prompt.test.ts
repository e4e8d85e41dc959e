// What the model is told, and how its answer is read back (no network here; see ai-adapter.test.ts).
import { describe, expect, it } from 'vitest';
import {
  FEW_SHOTS,
  SYSTEM_PROMPT,
  buildMessages,
  detectLanguage,
  glossaryHits,
  userMessage,
} from '../../electron/domains/prompt/prompt.js';
import { extractAnswerObject, interpretAnswer } from '../../electron/domains/prompt/response.js';
import { TezgahError } from '../../shared/errors.js';

describe('detectLanguage', () => {
  it.each([
    ['M8 vida deliği olan 20mm flanş', 'tr'],
    ['3 adet dişli ile güç aktarım sistemi', 'tr'],
    ['kutu 100 x 50 x 20 mm', 'tr'],
    ['Make a 2 inch pipe with a 1/8 inch wall', 'en'],
    ['flange with 6 bolt holes on a 90 mm circle', 'en'],
    ['20 mm', 'tr'],
  ])('%s → %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });
});

describe('glossaryHits', () => {
  it('finds terms with Turkish endings and consonant changes', () => {
    const hits = glossaryHits("Flanşı ve milin yatağı için M8 cıvatalar, dişlileri 5'li set");
    expect(hits.map((h) => h.en)).toEqual(expect.arrayContaining(['flange', 'shaft', 'bearing', 'bolt', 'gear']));
  });

  it('does not read "mil" into "milimetre" nor "pul" into "pulley"', () => {
    expect(glossaryHits('20 milimetre kalınlık').map((h) => h.tr)).toEqual(['kalınlık']);
    expect(glossaryHits('pulley 40 mm')).toEqual([]);
  });
});

describe('messages', () => {
  it('starts with the FreeCAD 1.1 system prompt and its contract, then few-shot pairs, then the request', () => {
    expect(SYSTEM_PROMPT).toContain('FreeCAD 1.1');
    expect(SYSTEM_PROMPT).toContain('"result"');
    expect(SYSTEM_PROMPT).toContain('saveAs');
    expect(SYSTEM_PROMPT).toContain('ÇIKTI KURALI');
    const m = buildMessages({ prompt: '20 mm küp', lang: 'tr' });
    expect(m[0]!.role).toBe('system');
    expect(m).toHaveLength(1 + FEW_SHOTS.length * 2 + 1);
    for (let i = 1; i < m.length - 1; i += 2) {
      expect(m[i]!.role).toBe('user');
      expect(m[i + 1]!.role).toBe('assistant');
      expect(() => JSON.parse(m[i + 1]!.content)).not.toThrow();
    }
    expect(m.at(-1)).toEqual({ role: 'user', content: 'Dil: tr (tr-TR)\nİstek: 20 mm küp' });
  });

  it('adds glossary and mm hints to the user message', () => {
    const text = userMessage({ prompt: '2 inç çaplı mil, 1/8 inç duvar', lang: 'tr' });
    expect(text).toContain('mil→shaft');
    expect(text).toContain('"2 inç" = 50.8 mm');
    expect(text).toContain('"1/8 inç" = 3.175 mm');
  });

  it('every few-shot answer reads back through the same parser the adapter uses', () => {
    for (const ex of FEW_SHOTS) {
      const raw = JSON.stringify(ex.answer);
      if (ex.answer.requires_clarification) {
        expect(() => interpretAnswer(raw, 'tr')).toThrow(TezgahError);
      } else {
        expect(interpretAnswer(raw, 'tr').script_py).toBe(ex.answer.script_py);
      }
    }
  });
});

describe('reading the answer', () => {
  const body = { language: 'en', units: 'mm', script_py: 'result = Part.makeBox(1, 2, 3)\n', parameters: { a: 1 } };

  it('finds the object in a fence, in prose, or as the whole text', () => {
    const json = JSON.stringify(body);
    expect(extractAnswerObject(json)).toEqual(body);
    expect(extractAnswerObject('```\n' + json + '\n```')).toEqual(body);
    expect(extractAnswerObject(`Here you go: ${json} — enjoy {"x": 1}`)).toEqual(body);
    expect(extractAnswerObject('{"x": {"y": 1}} then ' + json)).toEqual(body);
    expect(extractAnswerObject('no json here')).toBeNull();
    expect(extractAnswerObject('{"script_py": "a", ')).toBeNull();
  });

  it('fills the minimal v1.1 schema with defaults and accepts line arrays and warning objects', () => {
    const a = interpretAnswer(
      JSON.stringify({ script_py: ['import Part', 'result = Part.makeBox(1, 1, 1)'], warnings: [{ message: 'assumed 1 mm' }] }),
      'tr',
    );
    expect(a).toEqual({
      language: 'tr',
      units: 'mm',
      intent: 'freecad_script',
      glossary_used: false,
      parameters: {},
      script_py: 'import Part\nresult = Part.makeBox(1, 1, 1)',
      warnings: ['assumed 1 mm'],
    });
  });

  it('refuses an answer without a script and without a question', () => {
    try {
      interpretAnswer(JSON.stringify({ script_py: '', requires_clarification: false }), 'en');
      throw new Error('expected a failure');
    } catch (err) {
      expect((err as TezgahError).code).toBe('AI_BAD_RESPONSE');
    }
  });

  it('uses a default question in the user’s language when the model gives none', () => {
    try {
      interpretAnswer(JSON.stringify({ requires_clarification: 'true' }), 'tr');
      throw new Error('expected a failure');
    } catch (err) {
      expect((err as TezgahError).code).toBe('ERR-AI-425');
      expect(String((err as TezgahError).details?.question)).toMatch(/ayrıntı/);
    }
  });
});
