'use client';

import { MoreHorizontalIcon, PencilIcon, Trash2Icon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { Button } from '@/components/ui/button';
import { DropdownMenuItem, DropdownMenuSeparator, Menu } from '@/components/ui/dropdown-menu';

/**
 * A list row's "⋯" menu: the row's own items first, then Edit (when the row can be edited) and,
 * set apart, Delete (those two only for a role that may edit).
 *
 * @example
 * <ItemMenu label={`Actions for ${a.name}`} onEdit={() => edit(a)} onDelete={() => askDelete(a)} />
 */
export function ItemMenu({
  label,
  onEdit,
  onDelete,
  children,
}: {
  /** The trigger's accessible name, naming the row's item. */
  label: string;
  onEdit?: () => void;
  onDelete: () => void;
  children?: ReactNode;
}) {
  return (
    <Menu
      align="end"
      trigger={
        <Button variant="ghost" size="icon" aria-label={label}>
          <MoreHorizontalIcon />
        </Button>
      }
    >
      {children}
      <Allowed to="edit">
        {onEdit ? (
          <DropdownMenuItem onSelect={onEdit}>
            <PencilIcon />
            Edit
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" onSelect={onDelete}>
          <Trash2Icon />
          Delete
        </DropdownMenuItem>
      </Allowed>
    </Menu>
  );
}
