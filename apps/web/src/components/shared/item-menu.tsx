'use client';

import { MoreHorizontalIcon, PencilIcon, Trash2Icon } from 'lucide-react';
import type { ReactNode } from 'react';
import { Allowed } from '@/components/auth/allowed';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';

/**
 * A list row's "⋯" menu: the row's own items first, then Edit and, set apart, Delete (those two
 * only for a role that may edit).
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
  onEdit: () => void;
  onDelete: () => void;
  children?: ReactNode;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={label}>
          <MoreHorizontalIcon />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {children}
        <Allowed to="edit">
          <DropdownMenuItem onSelect={onEdit}>
            <PencilIcon />
            Edit
          </DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive" onSelect={onDelete}>
            <Trash2Icon />
            Delete
          </DropdownMenuItem>
        </Allowed>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
