import * as RT from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';

/** Wrap the app once: tooltips share one delay. */
export const TooltipProvider = ({ children }: { children: ReactNode }) => (
  <RT.Provider delayDuration={450} skipDelayDuration={200}>
    {children}
  </RT.Provider>
);

/** A tooltip on its only child (which must accept a ref). `content` null renders the child alone. */
export function Tooltip({
  content,
  children,
  side = 'bottom',
  align = 'center',
}: {
  content: ReactNode;
  children: ReactElement;
  side?: 'top' | 'bottom' | 'left' | 'right';
  align?: 'start' | 'center' | 'end';
}) {
  if (content === null || content === undefined || content === '') return children;
  return (
    <RT.Root>
      <RT.Trigger asChild>{children}</RT.Trigger>
      <RT.Portal>
        <RT.Content
          side={side}
          align={align}
          sideOffset={6}
          collisionPadding={8}
          className="animate-pop z-[100] max-w-80 rounded-md bg-[#2b2b30] px-2.5 py-1.5 text-[12px] leading-snug text-white shadow-popover dark:bg-[#3a3a40]"
        >
          {content}
        </RT.Content>
      </RT.Portal>
    </RT.Root>
  );
}
