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

/** A contract entry as declared: its schemas are made by functions, the first time they are used. */
export interface MethodDecl<Req extends z.ZodType, Res extends z.ZodType> {
  request: () => Req;
  response: () => Res;
  mutating: boolean;
  doc: string;
}

/**
 * Declare a method with its types inferred. Its schemas are made when first used, not at start-up: the CLI
 * checks one request per run, and building every method's schemas (with the domain's, see domain.ts) cost each
 * run ~7 ms, and more again in a run long enough for the young heap to be collected once, which then copies them.
 */
export function method<Req extends z.ZodType, Res extends z.ZodType>(m: MethodDecl<Req, Res>): MethodSpec<Req, Res> {
  let request: Req | undefined;
  let response: Res | undefined;
  return {
    doc: m.doc,
    mutating: m.mutating,
    get request() {
      return (request ??= m.request());
    },
    get response() {
      return (response ??= m.response());
    },
  };
}
