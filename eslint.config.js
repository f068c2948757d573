// Lint: TypeScript rules plus the layering rules (shared imports nothing of ours; main/core never imports electron).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = {
  paths: [{ name: 'electron', message: 'Only main/app may import electron: main/core and the other doors stay plain Node.' }],
  patterns: [{ group: ['electron/*'], message: 'Only main/app may import electron.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'e2e/artifacts/**', 'release/**', 'playwright-report/**', 'test-results/**', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='shell'][value.value=true]", message: 'Never a shell: use the argv-only run primitive.' },
      ],
    },
  },
  {
    files: ['main/core/**', 'main/cli/**', 'main/serve/**', 'main/privilege/**', 'renderer/**', 'shared/**', 'e2e/**'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noElectron,
          patterns: [
            ...noElectron.patterns,
            { group: ['**/main/**', '**/renderer/**', 'node:*', 'fs', 'child_process', 'path', 'os'], message: 'shared/ imports nothing from main/, renderer/ or Node: it runs in the renderer too.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'child_process', importNames: ['exec', 'execSync'], message: 'Never a shell string: use run() from main/core/exec.' },
            { name: 'node:child_process', importNames: ['exec', 'execSync'], message: 'Never a shell string: use run() from main/core/exec.' },
          ],
        },
      ],
    },
  },
  {
    // main/app: only the Electron entry points import electron at run time; the policies beside them stay plain
    // modules (types only), so they are unit-tested without Electron.
    files: ['main/app/**'],
    ignores: ['main/app/main.ts', 'main/app/preload.ts', 'main/app/electron-*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', allowTypeImports: true, message: 'Plain main/app modules take electron types only; put electron calls in main.ts, preload.ts or electron-*.ts.' }] },
      ],
    },
  },
  {
    // main/core again: the electron ban must survive the main/** override above.
    files: ['main/core/**', 'main/cli/**', 'main/serve/**', 'main/privilege/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noElectron.paths,
            { name: 'child_process', importNames: ['exec', 'execSync'], message: 'Never a shell string: use run() from main/core/exec.' },
            { name: 'node:child_process', importNames: ['exec', 'execSync'], message: 'Never a shell string: use run() from main/core/exec.' },
          ],
          patterns: noElectron.patterns,
        },
      ],
    },
  },
);
