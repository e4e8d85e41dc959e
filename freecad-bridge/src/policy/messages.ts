// Finding texts, one per rule, from the catalogue (shared/i18n/policy.ts); `s` is the offending symbol.
import { POLICY_TEXT } from '../../../shared/i18n/policy.js';
import { say, type Text } from '../../../shared/i18n/text.js';
import type { PolicyRule } from './types.js';

const ALLOWED = 'FreeCAD, Part, PartDesign, Sketcher, Draft, Mesh, math, numpy';

// every rule has its text: a rule without one in the catalogue does not compile
const TEXTS: Record<PolicyRule, Text> = POLICY_TEXT;

export const RULE_TEXT: Record<PolicyRule, { en: (s: string) => string; tr: (s: string) => string }> = Object.fromEntries(
  (Object.keys(POLICY_TEXT) as PolicyRule[]).map((rule) => [
    rule,
    {
      en: (symbol: string) => say(TEXTS[rule], 'en', { symbol, allowed: ALLOWED }),
      tr: (symbol: string) => say(TEXTS[rule], 'tr', { symbol, allowed: ALLOWED }),
    },
  ]),
) as Record<PolicyRule, { en: (s: string) => string; tr: (s: string) => string }>;
