'use client';

import type * as React from 'react';
import { SelectBox } from '@/components/ui/select';
import { grantableRoles, ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import type { Role } from '@/lib/auth/types';

/**
 * A role picker offering only the roles `giver` may hand out, each with what it allows.
 * Other props go to the trigger, so it can be a `Field`'s control.
 */
export function RoleSelect({
  giver,
  value,
  onChange,
  ...triggerProps
}: {
  giver: Role;
  value: Role;
  onChange: (role: Role) => void;
} & Omit<React.ComponentProps<typeof SelectBox>, 'value' | 'onValueChange' | 'options' | 'onChange'>) {
  const options = grantableRoles(giver).map((role) => ({
    value: role,
    label: (
      <span>
        <span className="font-medium">{role}</span>
        <span className="text-muted-foreground"> — {ROLE_DESCRIPTIONS[role]}</span>
      </span>
    ),
  }));
  return (
    <SelectBox value={value} onValueChange={(v) => onChange(v as Role)} options={options} {...triggerProps} />
  );
}
