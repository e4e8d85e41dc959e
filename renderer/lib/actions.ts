// Shortcut actions reach whichever page handles them through this small bus: the app shell
// matches keys, pages subscribe to the actions they own (submit, fit, wireframe, ...).
import type { ShortcutAction } from './shortcuts.js';

type Handler = () => void;
const handlers = new Map<ShortcutAction, Set<Handler>>();

export function onAction(action: ShortcutAction, handler: Handler): () => void {
  let set = handlers.get(action);
  if (!set) handlers.set(action, (set = new Set()));
  set.add(handler);
  return () => set.delete(handler);
}

/** Runs the newest handler for the action; false when nothing handles it. */
export function dispatchAction(action: ShortcutAction): boolean {
  const set = handlers.get(action);
  if (!set?.size) return false;
  [...set].at(-1)!();
  return true;
}
