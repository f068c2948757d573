import { contract, type BridgeResult, type MethodName } from '../../shared/contract/index';
import { CowshedError, toErrorPayload } from '../../shared/errors';

/** True for a contract method name (own keys only: "constructor" or "__proto__" are not methods). */
export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.hasOwn(contract, name);

/** The part of the Service a door needs. */
export interface CallTarget {
  call<M extends MethodName>(method: M, request: unknown): Promise<unknown>;
}

/**
 * Run one contract call for a door (IPC or WebSocket) and return the result as data: errors keep their codes.
 * The Service validates `params` against the method's request schema.
 */
export async function dispatchCall(service: CallTarget, method: unknown, params: unknown): Promise<BridgeResult<unknown>> {
  if (!isMethodName(method)) return { ok: false, error: new CowshedError('USAGE', `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.`).toPayload() };
  try {
    return { ok: true, result: await service.call(method, params) };
  } catch (e) {
    return { ok: false, error: toErrorPayload(e) };
  }
}
