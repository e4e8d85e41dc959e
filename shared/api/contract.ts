// Building blocks of the API contract shared by every domain's methods.
import { z } from 'zod';

/** An output schema: outputs are typed, not parsed (the handlers build them; parsing would cost on every call). */
export const out = <T>() => z.custom<T>(() => true);
export const Id = z.string().min(1).max(200);
export const Secret = z.string().max(4096);

/** What the settings pages show about a secret: whether it is set, never its value. */
export interface SecretState {
  set: boolean;
  /** e.g. "••••7F2Q" (the last characters only) */
  masked: string | null;
}
