'use client';

import { SearchIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/utils';

/** How long typing must pause before the filter is sent: one request per word, not per key. */
const DEBOUNCE_MS = 300;

/**
 * A free-text filter kept in the URL: the box follows the URL (a cleared filter or a back
 * navigation resets it), and typing updates the URL once the user pauses.
 */
export function TextFilter({
  id,
  label,
  placeholder,
  value,
  onChange,
  maxLength = 200,
  className = 'sm:w-64',
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (text: string | undefined) => void;
  maxLength?: number;
  className?: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = setTimeout(() => onChange(text.trim() || undefined), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <div className={cn('grid w-full gap-1.5', className)}>
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <div className="relative">
        <SearchIcon
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden="true"
        />
        <Input
          id={id}
          type="search"
          className="pl-8"
          placeholder={placeholder}
          value={text}
          maxLength={maxLength}
          onChange={(e) => setText(e.target.value)}
          data-testid={id}
        />
      </div>
    </div>
  );
}
