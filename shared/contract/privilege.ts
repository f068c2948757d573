import { z } from 'zod';
import { method } from './method';

export const EscalationMethod = z.lazy(() => z.enum(['root', 'pkexec', 'sudo-prompt', 'sudo-pty', 'sudo-n', 'none']));
export type EscalationMethod = z.infer<typeof EscalationMethod>;

/** Privilege status, pre-flight, and authentication. */
export const privilegeMethods = {
  privilegeStatus: method({
    doc: 'Who Cowshed runs as, which escalation methods exist, and whether the helper runs.',
    request: () => z.object({}).strict(),
    response: () => z.object({
      uid: z.number(),
      isRoot: z.boolean(),
      helperRunning: z.boolean(),
      active: EscalationMethod,
      methods: z.array(z.object({ method: EscalationMethod, available: z.boolean(), reason: z.string().optional() })),
      /** The root-owned launcher sudo / pkexec start (null when not installed). */
      launcher: z.string().nullable().optional(),
    }),
    mutating: false,
  }),
  preflight: method({
    doc: 'Which actions need admin on this machine, so the user is asked once, when it matters.',
    request: () => z.object({}).strict(),
    response: () => z.array(
      z.object({ action: z.string(), needsAdmin: z.boolean(), reason: z.string().optional(), mountpoint: z.string().optional() }),
    ),
    mutating: false,
  }),
  authenticate: method({
    doc: 'Start the privileged helper (password only for the sudo-in-a-pty method; never stored).',
    request: () => z.object({ method: EscalationMethod.optional(), password: z.string().max(1024).optional() }).strict(),
    response: () => z.object({ helperRunning: z.boolean(), method: EscalationMethod }),
    mutating: true,
  }),
};
