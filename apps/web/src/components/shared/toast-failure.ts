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
