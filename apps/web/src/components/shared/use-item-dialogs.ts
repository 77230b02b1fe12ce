'use client';

import { useCallback, useEffect, useState } from 'react';
import { toast } from '@/components/ui/toast';
import { useUrlState } from '@/lib/url-state';

interface Named {
  id: number;
  name: string;
}

/**
 * The create / edit form and the delete dialog of a list page's items: which item each is open
 * for, the toasts that confirm what happened, and `?new=1` (a link from another page) opening
 * the create form once.
 *
 * @example
 * const dialogs = useItemDialogs<Automation>();
 * <AutomationFormDialog {...dialogs.form} automation={dialogs.editing} onSaved={dialogs.saved(reload)} ... />
 * <DeleteDialog {...dialogs.deleteDialog} onDelete={dialogs.remove(mutations.deleteAutomation, reload)} ... />
 */
export function useItemDialogs<T extends Named>() {
  const url = useUrlState();
  const [editing, setEditing] = useState<T | undefined>();
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<T | undefined>();

  const openCreate = useCallback(() => {
    setEditing(undefined);
    setFormOpen(true);
  }, []);
  const openEdit = (item: T) => {
    setEditing(item);
    setFormOpen(true);
  };

  const wantsNew = url.get('new') === '1';
  useEffect(() => {
    if (wantsNew) {
      openCreate();
      url.set({ new: undefined });
    }
  }, [wantsNew, url, openCreate]);

  return {
    editing,
    deleting,
    openCreate,
    openEdit,
    askDelete: setDeleting,
    form: { open: formOpen, onOpenChange: setFormOpen },
    deleteDialog: {
      open: deleting !== undefined,
      onOpenChange: (open: boolean) => {
        if (!open) setDeleting(undefined);
      },
    },
    /** The form's save: updates the item being edited, else creates a new one. */
    save:
      <B>(create: (body: B) => Promise<T>, update: (id: number, body: B) => Promise<T>) =>
      (body: B) =>
        editing ? update(editing.id, body) : create(body),
    /** After a save: says what was saved, then `then` (reload the list). */
    saved: (then: () => void) => (item: T) => {
      toast({ title: editing ? `Saved ${item.name}` : `Created ${item.name}`, variant: 'success' });
      then();
    },
    /** Deletes the item the dialog is open for (with its dependants on `cascade`), says so, then `then`. */
    remove:
      (deleteById: (id: number, cascade: boolean) => Promise<void>, then: () => void) =>
      async (cascade: boolean) => {
        if (!deleting) return;
        await deleteById(deleting.id, cascade);
        toast({ title: `Deleted ${deleting.name}`, variant: 'success' });
        then();
      },
  };
}
