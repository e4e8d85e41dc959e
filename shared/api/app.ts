// The API contract's app methods. The app itself: what it is and how it runs, the user's settings, the audit chain's check.
import { z } from 'zod';
import type { Lang } from '../errors.js';
import { out } from './contract.js';

export interface DoctorInfo {
  ok: boolean;
  app_version: string;
  data_dir: string;
  data_dir_writable: boolean;
  freecad: { found: boolean; version?: string; kind?: string; path?: string; error?: { code: string; message: string; hint: string } };
  sandbox: { ok: boolean; problem?: string };
  node: string;
  platform: string;
}

export interface AppInfo {
  version: string;
  lang: Lang;
  /** 'electron' | 'browser' */
  host: string;
  data_dir: string;
}

export interface Settings {
  lang: Lang | 'system';
  units: 'mm' | 'inch';
  /**
   * Run outside files (imports, scripts, prompts, pulled parts) where FreeCAD has no OS sandbox
   * (Windows and macOS today) with the user's own rights, instead of refusing them. Off by default;
   * Linux always sandboxes and ignores it.
   */
  allow_unsandboxed: boolean;
}

/** The audit chain's check (`tezgah audit verify`). */
export interface AuditReport {
  ok: boolean;
  /** entries checked (all of them when ok) */
  count: number;
  /** id of the first entry that does not fit the chain */
  broken_at?: number;
  reason?: string;
  /**
   * The chain heads this seat wrote into the team store's manifests, held against the chain here:
   * one that is missing or differs means the log was cut back or rewritten after that push.
   * 'store': re-read from the store now; 'cache': as last read (the store did not answer).
   */
  anchors?: {
    source: 'store' | 'cache' | 'none';
    checked: number;
    failed: { key: string; entry: number; problem: 'missing' | 'mismatch' }[];
  };
}

export const appMethods = {
  'app.info': { input: z.object({}), output: out<AppInfo>() },
  'app.doctor': { input: z.object({}), output: out<DoctorInfo>() },
  'audit.verify': { input: z.object({}), output: out<AuditReport>() },
  'settings.get': { input: z.object({}), output: out<Settings>() },
  'settings.set': {
    input: z.object({
      lang: z.enum(['tr', 'en', 'system']).optional(),
      units: z.enum(['mm', 'inch']).optional(),
      allow_unsandboxed: z.boolean().optional(),
    }),
    output: out<Settings>(),
  },
} as const;
