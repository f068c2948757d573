import type { HandlerMap } from '../context';

/** Privilege status and escalation. (Filled in by the privilege issue; until then: in-process when root.) */
export const privilegeHandlers: Pick<HandlerMap, 'privilegeStatus' | 'preflight' | 'authenticate'> = {
  async privilegeStatus() {
    const uid = process.getuid?.() ?? -1;
    const isRoot = uid === 0;
    return {
      uid,
      isRoot,
      helperRunning: false,
      active: isRoot ? 'root' : 'none',
      methods: [{ method: 'root', available: isRoot, reason: isRoot ? undefined : 'Cowshed is not running as root' }],
    };
  },
  async preflight() {
    return [];
  },
  async authenticate() {
    const isRoot = process.getuid?.() === 0;
    return { helperRunning: false, method: isRoot ? 'root' : 'none' };
  },
};
