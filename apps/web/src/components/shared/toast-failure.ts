import { toast } from '@/components/ui/toast';
import { userMessage } from '@/lib/user-messages';

/**
 * Says in a toast that an action failed (`title`), with the reason in words a person reads.
 *
 * @example
 * try { await mutations.cloneScenario(id); } catch (e) { toastFailure('Could not clone the scenario', e); }
 */
export function toastFailure(title: string, error: unknown): void {
  toast({ title, description: userMessage(error), variant: 'destructive' });
}

/**
 * Runs `action` and says in a toast how it went: `done` once it succeeded, `failed` with the
 * reason otherwise. Resolves to whether it succeeded.
 *
 * @example
 * await toastOutcome(() => authCalls.deleteUser(id), `Deleted ${email}`, 'Could not delete the user');
 */
export async function toastOutcome(
  action: () => Promise<unknown>,
  done: string,
  failed: string,
): Promise<boolean> {
  try {
    await action();
    toast({ title: done, variant: 'success' });
    return true;
  } catch (error) {
    toastFailure(failed, error);
    return false;
  }
}
