// Electron main process (placeholder until the desktop-app issue lands). The only place that imports electron.
import { app } from 'electron';

app.whenReady().then(() => undefined);
