// The two IPC channels between the preload and the main process (no Electron import here, so the
// sandboxed preload bundle stays small). Every call goes through `CALL` as a WireRequest and is
// parsed by the one dispatcher; the main process pushes API events on `EVENT`.
export const CALL_CHANNEL = 'tezgah:call';
export const EVENT_CHANNEL = 'tezgah:event';
/** A dropped file's path, from the preload, for a file grant (electron/platform/file-grants.ts). */
export const DROP_CHANNEL = 'tezgah:drop';

/** The app's own origin: the renderer is served from the privileged app:// scheme, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tezgah';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
