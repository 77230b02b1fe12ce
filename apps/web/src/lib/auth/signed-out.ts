/**
 * Tells the session gate that the API stopped accepting this browser's session (it expired, was
 * ended everywhere, or the user was deleted), from wherever the 401 was seen: a query, a write,
 * or the live stream.
 */

type Listener = () => void;

const listeners = new Set<Listener>();

export function onSignedOut(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function reportSignedOut(): void {
  for (const listener of listeners) listener();
}

/**
 * Whether a 401 from `path` means the session is gone. The sign-in and setup calls answer 401
 * for wrong credentials: that is a message for the form, not a reason to leave the page.
 */
export function meansSignedOut(status: number, path: string): boolean {
  return status === 401 && !/^\/auth\/(login|setup)\b/.test(path);
}
