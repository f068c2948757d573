import { join } from 'node:path';
import { CowshedError } from '../../../shared/errors';
import { bindPolicy, REMOTE_ACCESS_FLAG } from '../../serve/security';
import { defineVerb } from '../verb';

function parsePort(v: unknown): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n > 65535) throw new CowshedError('USAGE', `--port must be a number from 0 to 65535 (got "${String(v)}").`);
  return n;
}

/** dist/cli/cowshed.cjs → dist/renderer. */
const defaultRendererRoot = () => process.env.COWSHED_RENDERER_DIR ?? join(__dirname, '..', 'renderer');

export const serveVerb = defineVerb({
  name: 'serve',
  summary: 'Serve the UI to a browser on this machine (127.0.0.1 only)',
  usage: 'cowshed serve [--port N] [--host 127.0.0.1] [--no-open] [--json]',
  help: [
    'Prints one line: the URL to open, with a one-time token for this launch. The token is exchanged for a session',
    'cookie; requests with another Host or Origin are refused. Stop with Ctrl+C.',
    'From another machine, use an SSH tunnel with the same port: ssh -L PORT:127.0.0.1:PORT host.',
  ].join('\n'),
  flags: {
    port: { type: 'string', description: 'port to listen on (default 0: a free port)' },
    host: { type: 'string', description: 'address to listen on (default 127.0.0.1; loopback only)' },
    'no-open': { type: 'boolean', description: 'do not open a browser' },
    [REMOTE_ACCESS_FLAG]: {
      type: 'boolean',
      description: 'allow a non-loopback --host. UNSAFE: anyone who can reach the port and sees the URL controls your snapshots, over plain HTTP',
    },
  },
  positionals: [0, 0],
  async run(args, service, io) {
    const port = parsePort(args.flags.port);
    const policy = bindPolicy(typeof args.flags.host === 'string' ? args.flags.host : '127.0.0.1', args.flags[REMOTE_ACCESS_FLAG] === true);
    if (!policy.loopback)
      io.err(`cowshed: WARNING: listening on ${policy.address}, reachable from other machines, over unencrypted HTTP.\n`);
    // Loaded on demand: the HTTP / WebSocket stack costs start-up time every other verb should not pay.
    const { startServer } = await import('../../serve/server');
    const server = await startServer({ service, policy, port, rendererRoot: defaultRendererRoot() });
    let cleanup: () => void = () => undefined;
    // Handlers first: whoever reads the URL may stop us right away.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        cleanup();
        void server.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    io.out(args.json ? JSON.stringify({ url: server.url }) + '\n' : server.url + '\n');
    if (args.flags['no-open'] !== true) cleanup = (await import('../../serve/open-browser')).openInBrowser(server.url);
    await stopped;
    return 0;
  },
});
