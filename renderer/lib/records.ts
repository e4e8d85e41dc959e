// Reading a stored flow result (shared/results/) leniently. The main process validates a result
// before it stores it, but a job stored by an older version, or pulled from a seat that runs a
// newer one, may lack a field or have one more: the page shows what the record has instead of
// nothing. The view schemas are built from the shared ones, so a key renamed there fails here.
import { z } from 'zod';

/** A list that keeps the entries `item` accepts and drops the rest; not a list: empty. */
export function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((xs) =>
      xs.flatMap((x) => {
        const r = item.safeParse(x);
        return r.success ? [r.data as z.output<T>] : [];
      }),
    );
}

/** The record's own fields, checked one by one: a field that does not fit gets its fallback. */
export type ViewShape<Record> = Partial<{ [K in keyof Record]: z.ZodType }>;
