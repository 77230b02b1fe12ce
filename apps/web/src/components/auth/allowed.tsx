'use client';

import type { ReactNode } from 'react';
import type { Capability } from '@/lib/auth/roles';
import { useCan } from './session';

/**
 * Renders its children only for a role that may do `to`: a viewer sees no create, delete or
 * trigger buttons, a runner no edit ones. The API refuses those calls anyway; hiding them
 * spares the person a button that can only fail.
 *
 * @example
 * <Allowed to="edit"><Button onClick={openCreate}>New automation</Button></Allowed>
 */
export function Allowed({
  to,
  children,
  otherwise = null,
}: {
  to: Capability;
  children: ReactNode;
  otherwise?: ReactNode;
}) {
  return useCan(to) ? children : otherwise;
}
