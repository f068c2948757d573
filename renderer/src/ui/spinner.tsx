import { LoaderCircle } from 'lucide-react';
import { cn } from '../lib/cn';

/** A small spinning indicator. */
export const Spinner = ({ className, size = 16 }: { className?: string; size?: number }) => (
  <LoaderCircle size={size} className={cn('animate-spin text-fg-subtle', className)} aria-label="Loading" />
);
