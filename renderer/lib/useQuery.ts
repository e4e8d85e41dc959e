// API calls with their loading and error state, in one place instead of a useState pair per page.
//   useQuery:  data the page reads (loaded when its inputs change, again on reload()).
//   useAction: something the person does (submit, save, pull): busy while it runs, its error kept.
// Both ignore an answer that arrives after the inputs changed or the component went away, so a slow
// reply never overwrites a newer one.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Query<T> {
  /** The last answer for the current inputs; null while the first one is on its way or after a failure. */
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Asks again, keeping the data shown so far until the answer comes (setData(null) first to drop it). */
  reload: () => void;
  /** Changes the data in place (an edit the page already knows the outcome of). */
  setData: (update: T | null | ((prev: T | null) => T | null)) => void;
}

/**
 * Runs `load` when the component mounts and whenever `deps` change (like useEffect); `load` null
 * means there is nothing to load yet. The data of earlier inputs is dropped when the inputs change.
 */
export function useQuery<T>(load: (() => Promise<T>) | null, deps: DependencyList): Query<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(load !== null);
  const request = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const n = ++request.current;
    const fn = loadRef.current;
    setError(null);
    if (!fn) {
      setLoading(false);
      return;
    }
    setLoading(true);
    fn().then(
      (value) => {
        if (n !== request.current) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (n !== request.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    setData(null);
    run();
    return () => {
      request.current++;
    };
    // the caller's deps decide when to load again, as with useEffect
  }, deps);

  return { data, error, loading, reload: run, setData };
}

export interface Action<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or undefined when it failed (the error is in `error`). */
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: unknown;
  setError: (err: unknown) => void;
}

export interface ActionOptions {
  /** After a success the form goes away (navigates, closes): it stays busy so it cannot be sent twice. */
  stayBusy?: boolean;
  /** Only the newest run counts (a search typed on): an earlier run's answer resolves to undefined. */
  latest?: boolean;
}

/** One thing the person does through the API, with its busy flag and its error. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>, opts: ActionOptions = {}): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const { stayBusy = false, latest = false } = opts;
  const mounted = useRef(true);
  const request = useRef(0);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      const n = ++request.current;
      const current = () => mounted.current && (!latest || n === request.current);
      setBusy(true);
      setError(null);
      try {
        const r = await fnRef.current(...args);
        if (!current()) return undefined;
        if (!stayBusy) setBusy(false);
        return r;
      } catch (err) {
        if (current()) {
          setError(err);
          setBusy(false);
        }
        return undefined;
      }
    },
    [stayBusy, latest],
  );
  return { run, busy, error, setError };
}
