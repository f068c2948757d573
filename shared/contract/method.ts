import type { z } from 'zod';

/** One contract entry: request and response schemas, and whether it changes anything. */
export interface MethodSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
  /** True when the method changes state (serve mode / helper treat these with more care). */
  mutating: boolean;
  /** One line for docs and generated help. */
  doc: string;
}

/** Declare a method with its types inferred. */
export const method = <Req extends z.ZodType, Res extends z.ZodType>(m: MethodSpec<Req, Res>): MethodSpec<Req, Res> => m;
