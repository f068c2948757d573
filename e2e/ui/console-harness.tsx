// A page with only the operations console, for e2e/ui/console.spec.ts (bundled by that test with esbuild).
import { createRoot } from 'react-dom/client';
import { OperationsConsole } from '../../renderer/src/features/console/index';

const job = new URLSearchParams(location.search).get('job') ?? '';
createRoot(document.getElementById('root')!).render(
  <div style={{ width: 960, height: 420, padding: 8, background: '#111418' }}>
    <OperationsConsole jobId={job} className="console-harness" />
  </div>,
);
