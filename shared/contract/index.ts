import { z } from 'zod';
import { Job } from '../domain';
import { cloneMethods } from './clone';
import { coreMethods } from './core';
import { historyMethods } from './history';
import { DiffChange } from './history';
import { privilegeMethods } from './privilege';
import { volumeMethods } from './volumes';

export * from './clone';
export * from './history';
export * from './method';
export * from './privilege';
export * from './volumes';

/** The contract: one map from method name to request / response schemas, shared by every door. */
export const contract = {
  ...coreMethods,
  ...volumeMethods,
  ...cloneMethods,
  ...historyMethods,
  ...privilegeMethods,
};
export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Req<M extends MethodName> = z.input<Contract[M]['request']>;
export type Res<M extends MethodName> = z.output<Contract[M]['response']>;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

/** Events pushed from the core to every door. */
export const events = {
  jobUpdated: Job,
  /** Live output of a command a job runs (the operations console). */
  jobOutput: z.lazy(() =>
    z.object({
      jobId: z.string(),
      argv: z.array(z.string()).optional(),
      stream: z.enum(['stdout', 'stderr', 'info']),
      text: z.string(),
    }),
  ),
  diffChanges: z.lazy(() => z.object({ jobId: z.string(), changes: z.array(DiffChange) })),
  mountsChanged: z.lazy(() => z.object({ at: z.string() })),
};
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The one client interface the renderer talks to (preload bridge or WebSocket). */
export interface CowshedClient {
  call<M extends MethodName>(method: M, request: Req<M>): Promise<Res<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
export * from './wire';
