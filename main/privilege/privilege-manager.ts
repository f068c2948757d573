import type { EscalationMethod } from '../../shared/contract/privilege';
import type { Req, Res } from '../../shared/contract/index';
import { CowshedError } from '../../shared/errors';
import { pipelineLocal, runLocal } from '../core/exec/run';
import { withRunScope, type Runner } from '../core/exec/runner';
import type { PlanStore } from '../core/plans/plan-store';
import type { ProbeResult } from '../core/probe/probe';
import { EscalatingRunner, type HelperSource } from './escalating-runner';
import { availableMethods, DEFAULT_TOOLS, startMethod, sudoNAllowed, type EscalationTools, type MethodInfo } from './escalation';
import type { HelperClient } from './helper-client';
import { findLauncher, type LauncherInfo } from './launcher';
import { preflight } from './preflight';

/** Runs everything in this process, as whoever it is (already root, or nothing to escalate to). */
export const localRunner: Runner = { name: 'local', run: runLocal, pipeline: pipelineLocal };

export interface PrivilegeOptions {
  /** The uid to act as (tests); default the process's. */
  uid?: number;
  launcher?: LauncherInfo;
  tools?: Partial<EscalationTools>;
  /** Start the helper with `sudo -n` on first need, without asking (default true). */
  autoSudoN?: boolean;
}

/** Interactive methods, in the order Cowshed offers them. */
const ORDER: EscalationMethod[] = ['sudo-n', 'pkexec', 'sudo-prompt', 'sudo-pty'];

/**
 * One per Service: who we are, the helper (if started), and the Runner every call of the Service runs with.
 * Already root: everything runs in-process. Otherwise helper verbs go through the helper once one is started
 * (silently with a `sudo -n` rule, or by `authenticate`), and report NEEDS_ADMIN until then.
 */
export class PrivilegeManager implements HelperSource {
  readonly uid: number;
  readonly isRoot: boolean;
  readonly runner: Runner;
  private readonly tools: EscalationTools;
  private launcherInfo: LauncherInfo | undefined;
  private helper: HelperClient | null = null;
  private auto: Promise<HelperClient | null> | null = null;
  private lastMethod: EscalationMethod = 'none';

  constructor(private readonly o: PrivilegeOptions = {}) {
    this.uid = o.uid ?? process.getuid?.() ?? -1;
    this.isRoot = this.uid === 0;
    this.tools = { ...DEFAULT_TOOLS, ...o.tools };
    this.launcherInfo = o.launcher;
    this.runner = this.isRoot ? localRunner : new EscalatingRunner(this);
  }

  /** The launcher (looked up once, lazily). */
  launcher(): LauncherInfo {
    this.launcherInfo ??= findLauncher();
    return this.launcherInfo;
  }

  /** Run a Service call with this Runner; commitPlan also carries its plan (the helper checks its identities). */
  scope<T>(method: string, req: unknown, plans: PlanStore, f: () => T): T {
    if (this.isRoot) return f();
    let plan;
    if (method === 'commitPlan') {
      try {
        plan = plans.get((req as { planId: string }).planId).plan;
      } catch {
        /* the handler reports the missing plan */
      }
    }
    return withRunScope({ runner: this.runner, ...(plan ? { plan } : {}) }, f);
  }

  /** The running helper, if any. */
  current(): HelperClient | null {
    return this.helper?.alive ? this.helper : null;
  }

  /** The running helper, or one started with `sudo -n` (tried once per session until `authenticate`). */
  ensure(): Promise<HelperClient | null> {
    const h = this.current();
    if (h || this.isRoot) return Promise.resolve(h);
    if (this.o.autoSudoN === false) return Promise.resolve(null);
    this.auto ??= (async () => {
      const l = this.launcher();
      // Ask sudo first (`-l` runs nothing and logs no failed attempt), then start.
      if (!l.path || !l.trusted || !(await sudoNAllowed(this.tools, l.path))) return null;
      try {
        return this.adopt(await startMethod('sudo-n', this.tools, l.path, this.uid));
      } catch {
        return null;
      }
    })();
    return this.auto.then((x) => this.current() ?? x);
  }

  /** Use this helper from now on (tests attach an in-process one). */
  adopt(h: HelperClient): HelperClient {
    this.helper?.close();
    this.helper = h;
    this.lastMethod = h.method;
    return h;
  }

  private methodsCache: { at: number; list: Promise<MethodInfo[]> } | null = null;

  /** Which methods exist here (re-checked after a few seconds: sudo rules and packages can change). */
  methods(): Promise<MethodInfo[]> {
    if (!this.methodsCache || Date.now() - this.methodsCache.at > 5000)
      this.methodsCache = { at: Date.now(), list: availableMethods(this.tools, this.launcher(), this.uid) };
    return this.methodsCache.list;
  }

  async status(): Promise<Res<'privilegeStatus'>> {
    const h = this.current();
    return {
      uid: this.uid, isRoot: this.isRoot, helperRunning: h !== null,
      active: this.isRoot ? 'root' : h ? h.method : 'none',
      methods: await this.methods(), launcher: this.launcher().path,
    };
  }

  preflight(p: ProbeResult): Res<'preflight'> {
    return preflight(p.mounts, { isRoot: this.isRoot, zfsFlavor: p.toolset.zfs.flavor });
  }

  /**
   * Start the helper: by the given method, or the first available one (sudo -n, pkexec, sudo-prompt, then sudo in
   * a pty, which needs the password from Cowshed's dialog). The password is handed to sudo once and not kept.
   */
  async authenticate(req: Req<'authenticate'>): Promise<Res<'authenticate'>> {
    if (this.isRoot) return { helperRunning: false, method: 'root' };
    const running = this.current();
    if (running && (!req.method || req.method === running.method)) return { helperRunning: true, method: running.method };
    const l = this.launcher();
    if (!l.path || !l.trusted) throw new CowshedError('NEEDS_ADMIN', `Cowshed cannot ask for admin rights: ${l.reason}.`);
    const methods = await this.methods();
    let method = req.method;
    if (!method) {
      const avail = ORDER.filter((m) => methods.find((x) => x.method === m)?.available);
      method = avail.find((m) => m !== 'sudo-pty' || req.password !== undefined) ?? avail[0];
    }
    if (!method || method === 'none' || method === 'root')
      throw new CowshedError('NEEDS_ADMIN', 'No way to get admin rights here: ' + methods.map((m) => `${m.method}: ${m.reason ?? 'ok'}`).join('; '));
    const info = methods.find((m) => m.method === method);
    if (info && !info.available) throw new CowshedError('NOT_SUPPORTED', `${method} cannot be used here: ${info.reason}.`);
    const h = await startMethod(method, this.tools, l.path, this.uid, req.password);
    this.adopt(h);
    this.auto = null;
    return { helperRunning: true, method: h.method };
  }

  /** The method that started the current helper ("none" if none). */
  get method(): EscalationMethod {
    return this.current() ? this.lastMethod : this.isRoot ? 'root' : 'none';
  }

  /** Stop the helper (the app quits; tests). */
  close(): void {
    this.helper?.close();
    this.helper = null;
  }
}
