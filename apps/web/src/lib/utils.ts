import { type ClassValue, clsx } from 'clsx';
import { twMerge } from 'tailwind-merge';

/**
 * Joins class names and lets later Tailwind utilities override earlier ones, so a component's
 * `className` prop can adjust its defaults.
 *
 * @example
 * cn('px-2 text-sm', isActive && 'font-medium', 'px-4'); // 'text-sm font-medium px-4'
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
