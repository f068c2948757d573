import { ArchiveRestore, ArrowUpDown, Link2Off, RotateCcw, Trash2, Copy, OctagonX } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { Plan } from '../../../../shared/domain';
import { getClient } from '../../client/index';
import { toErrorInfo, type ErrorInfo } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { useStore } from '../../lib/store';
import { Button } from '../../ui/button';
import { Callout } from '../../ui/callout';
import { CommandBlock } from '../../ui/command-block';
import { Dialog } from '../../ui/dialog';
import { Spinner } from '../../ui/spinner';
import { TextField } from '../../ui/text-field';
import { reportError, showErrorDetails, toast } from '../errors/toast-store';
import { waitForJob } from '../jobs/jobs-store';
import { PlanItems } from './plan-items';
import { canCommit, closePlan, planStore, type PlanOptions, type PlanRequest } from './plan-store';
import { PromoteExplainer } from './promote-explainer';

const KIND: Record<Plan['kind'], { icon: React.ReactNode; verb: string; danger: boolean }> = {
  destroy: { icon: <Trash2 size={18} />, verb: 'Destroy', danger: true },
  rollback: { icon: <RotateCcw size={18} />, verb: 'Roll back', danger: true },
  promote: { icon: <ArrowUpDown size={18} />, verb: 'Promote', danger: false },
  restore: { icon: <ArchiveRestore size={18} />, verb: 'Restore', danger: false },
  detach: { icon: <Link2Off size={18} />, verb: 'Detach', danger: false },
  clone: { icon: <Copy size={18} />, verb: 'Clone', danger: false },
};

/** `made` is the request (options + attempt) the plan or error answers; an answer to an older request is never shown. */
type State = { status: 'loading' } | { status: 'error'; error: ErrorInfo; made: object } | { status: 'ready'; plan: Plan; made: object };

function commitLabel(plan: Plan): string {
  const k = KIND[plan.kind];
  if (plan.kind !== 'destroy') return k.verb;
  const n = plan.items.filter((i) => i.action === 'destroy').length;
  return n > 1 ? `Destroy ${n} objects` : 'Destroy';
}

/** The plan → confirm → commit dialog for destroy, rollback, promote and restore-over. */
export function PlanDialog() {
  const open = useStore(planStore);
  if (!open) return null;
  return <PlanDialogBody key={open.seq} request={open.request} />;
}

function PlanDialogBody({ request }: { request: PlanRequest }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [typed, setTyped] = useState('');
  const [committing, setCommitting] = useState(false);
  const [commitError, setCommitError] = useState<ErrorInfo | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [options, setOptions] = useState<PlanOptions>({});
  // One identity per (options, attempt): the render right after "Include the clones" or "Make a new plan" must not
  // show the old plan (and its enabled Commit button) while the new one is being made.
  // A fresh identity whenever the request changes, on that very render.
  const made = useMemo<object>(() => ({}), [options, attempt]);
  const current = state.status !== 'loading' && state.made === made ? state : ({ status: 'loading' } as const);

  useEffect(() => {
    let alive = true;
    const key = made;
    setState({ status: 'loading' });
    setCommitError(null);
    setTyped('');
    request.load(options).then(
      (plan) => alive && setState({ status: 'ready', plan, made: key }),
      (e) => alive && setState({ status: 'error', error: toErrorInfo(e), made: key }),
    );
    return () => {
      alive = false;
    };
  }, [request, made]);

  const plan = current.status === 'ready' ? current.plan : null;
  const kind = plan ? KIND[plan.kind] : null;
  const allowed = plan ? canCommit(plan, typed) && !committing : false;

  const commit = async () => {
    if (!plan || !allowed) return;
    setCommitting(true);
    setCommitError(null);
    try {
      const job = await getClient().call('commitPlan', { planId: plan.id, confirm: plan.confirmText === null ? undefined : typed });
      closePlan();
      const end = await waitForJob(job);
      if (end.state === 'done') toast({ tone: 'success', title: `${KIND[plan.kind].verb}: done`, message: plan.title });
      else if (end.state === 'failed') reportError(`${plan.title} failed`, end.error);
      request.onFinished?.(end);
    } catch (e) {
      setCommitting(false);
      setCommitError(toErrorInfo(e));
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && closePlan()}
      testId="plan-dialog"
      data={{ 'data-plan-id': plan?.id, 'data-kind': plan?.kind }}
      width={640}
      tone={kind?.danger ? 'danger' : 'accent'}
      icon={kind?.icon ?? <Spinner />}
      title={plan?.title ?? request.title}
      description={plan ? <span className="font-mono text-[12px]">{plan.target}</span> : 'Working out exactly what would change…'}
      footer={
        <>
          {plan && plan.bytesFreed != null && <div className="mr-auto text-[12.5px] text-fg-muted">About {formatBytes(plan.bytesFreed)} will be freed</div>}
          <Button onClick={closePlan}>Cancel</Button>
          {plan && (
            <Button variant={kind!.danger ? 'danger' : 'primary'} disabled={!allowed} onClick={() => void commit()} data-testid="plan-commit">
              {committing ? <Spinner size={14} className="text-current" /> : null}
              {commitLabel(plan)}
            </Button>
          )}
        </>
      }
    >
      {current.status === 'loading' && (
        <div className="flex items-center gap-3 py-8 text-[13px] text-fg-muted">
          <Spinner /> Reading the current state and dependents…
        </div>
      )}
      {current.status === 'error' && (
        <Callout
          tone={current.error.code === 'NOT_SUPPORTED' ? 'neutral' : 'danger'}
          title={current.error.code === 'NOT_SUPPORTED' ? 'Not available here' : 'The plan could not be made'}
          action={
            current.error.command ? (
              <Button size="sm" onClick={() => showErrorDetails(current.error)}>
                Command and output
              </Button>
            ) : undefined
          }
        >
          {current.error.message}
        </Callout>
      )}
      {plan && (
        <div className="flex flex-col gap-4">
          {plan.summary.length > 0 && (
            <div className="flex flex-col gap-1 text-[13px] leading-relaxed text-fg">
              {plan.summary.map((s, i) => (
                <p key={i}>{s}</p>
              ))}
            </div>
          )}
          {plan.kind === 'promote' && <PromoteExplainer plan={plan} />}
          {(options.recursive || options.recursiveDependents) && (
            <Callout
              tone="warning"
              title={options.recursiveDependents ? 'Dependent clones are included' : 'Child datasets are included'}
              action={
                <Button size="sm" onClick={() => setOptions({})}>
                  Only the {plan.target.includes('@') ? 'snapshot' : 'target'}
                </Button>
              }
            >
              Everything listed below is destroyed together, with everything it contains.
            </Callout>
          )}
          {plan.blockers.length > 0 && (
            <div data-testid="plan-blockers" className="flex flex-col gap-2">
              {plan.blockers.map((b, i) => (
                <Callout
                  key={i}
                  tone="danger"
                  title={blockerTitle(b.code)}
                  action={
                    request.widenable && b.code === 'HAS_CLONES' && !options.recursiveDependents ? (
                      <Button size="sm" data-testid="plan-include-dependents" onClick={() => setOptions({ ...options, recursiveDependents: true })}>
                        Include the clones
                      </Button>
                    ) : request.widenable && b.code === 'HAS_CHILDREN' && !options.recursive ? (
                      <Button size="sm" data-testid="plan-include-children" onClick={() => setOptions({ ...options, recursive: true })}>
                        Include children
                      </Button>
                    ) : undefined
                  }
                >
                  {b.message}
                  {b.ids && b.ids.length > 0 && <div className="mt-1 font-mono text-[11.5px]">{b.ids.join(', ')}</div>}
                </Callout>
              ))}
            </div>
          )}
          <section>
            <h3 className="mb-1.5 text-[12px] font-semibold tracking-wide text-fg-muted uppercase">What changes</h3>
            {plan.items.length ? <PlanItems items={plan.items} /> : <div className="text-[12.5px] text-fg-muted">Nothing else is affected.</div>}
          </section>
          {plan.warnings.map((w, i) => (
            <Callout key={i} tone="warning">
              {w}
            </Callout>
          ))}
          <CommandBlock commands={plan.commands} label="Exact commands that will run" />
          {commitError && (
            <Callout
              tone="danger"
              title={commitError.code === 'PLAN_STALE' ? 'Something changed since this plan was made' : 'The commit was refused'}
              action={
                commitError.code === 'PLAN_STALE' || commitError.code === 'PLAN_NOT_FOUND' ? (
                  <Button size="sm" onClick={() => setAttempt((a) => a + 1)}>
                    Make a new plan
                  </Button>
                ) : commitError.command ? (
                  <Button size="sm" onClick={() => showErrorDetails(commitError)}>
                    Details
                  </Button>
                ) : undefined
              }
            >
              {commitError.message}
            </Callout>
          )}
          {plan.confirmText !== null && (
            <div className="rounded-lg border border-danger/25 bg-danger-soft px-3 py-3">
              <TextField
                autoFocus
                data-testid="plan-confirm"
                label={
                  <span className="text-fg">
                    To confirm, type <span className="selectable rounded bg-view px-1 py-px font-mono font-semibold text-fg">{plan.confirmText}</span>
                  </span>
                }
                mono
                value={typed}
                placeholder={plan.confirmText}
                onChange={(e) => setTyped(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void commit();
                }}
                error={typed.length > 0 && typed !== plan.confirmText && !plan.confirmText.startsWith(typed) ? 'That does not match.' : null}
              />
            </div>
          )}
          {plan.blockers.length > 0 && (
            <div className="flex items-center gap-2 text-[12.5px] text-danger-text">
              <OctagonX size={14} /> Resolve the blockers above before this can run.
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}

function blockerTitle(code: string): string {
  switch (code) {
    case 'HELD': return 'Held';
    case 'HAS_CLONES': return 'Has dependent clones';
    case 'HAS_CHILDREN': return 'Has children';
    case 'MOUNTED': return 'In use (mounted)';
    case 'BUSY': return 'Busy';
    case 'IS_DEFAULT': return 'Default subvolume';
    case 'NEEDS_ADMIN': return 'Needs administrator rights';
    default: return 'Blocked';
  }
}
