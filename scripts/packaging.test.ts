// Packaging, checked without building (Electron's binary cannot be downloaded in CI): electron-builder.yml passes
// electron-builder's own schema validation; targets, fuses, icons, the .desktop entry and the deb/rpm scripts that
// install the privileged helper root-owned are all checked here.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
type Config = Record<string, unknown> & {
  linux: Record<string, unknown> & { target: { target: string; arch: string[] }[]; desktop: { entry: Record<string, string> } };
  deb: Record<string, unknown> & { afterInstall: string; afterRemove: string };
  rpm: Record<string, unknown> & { afterInstall: string; afterRemove: string };
  mac: Record<string, unknown> & { target: { target: string; arch: string[] }[]; icon: string };
  electronFuses: Record<string, boolean>;
  extraResources: { from: string; to: string }[];
};
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, file: string, extra: null): Promise<Config>;
  validateConfiguration(c: unknown, log: unknown): Promise<void>;
};
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
  LinuxTargetHelper: new (p: unknown) => { computeDesktopEntry(o: unknown, exec?: string, extra?: unknown): Promise<string> };
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown };
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { description: string; desktopName: string; main: string };
const config = await getConfig(root, 'electron-builder.yml', null);
const scratch = mkdtempSync(join(tmpdir(), 'cowshed-packaging-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;
const has = (tool: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0;
/** Where the deb/rpm put the helper launcher (the policy's exec.path must name it) and install the policy. */
const LAUNCHER = '/opt/Cowshed/resources/cowshed-helper-launcher';
const POLICY = '/usr/share/polkit-1/actions/org.cowshed.helper.policy';

/** Fill an after-install/-remove template the way electron-builder's FpmTarget does (undefined macro = error). */
function renderTemplate(file: string): string {
  const opts: Record<string, string> = { executable: 'cowshed', sanitizedProductName: 'Cowshed', productFilename: 'Cowshed' };
  return readFileSync(join(root, file), 'utf8').replace(/\${([a-zA-Z]+)}/g, (_m, k: string) => {
    if (!(k in opts)) throw new Error(`${file}: macro \${${k}} is not defined (write shell variables as $name)`);
    return opts[k]!;
  });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { w: number; h: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

function parseDesktop(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) if (line.includes('=')) m.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
  return m;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation (app-builder-lib scheme.json)", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // and the validator is real: a misspelt fuse is refused
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('builds AppImage, deb and rpm for x64 and arm64, and a dmg for macOS', () => {
    const linux = Object.fromEntries(config.linux.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(linux).toEqual({ AppImage: ['arm64', 'x64'], deb: ['arm64', 'x64'], rpm: ['arm64', 'x64'] });
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
  });

  it('release fuses: no run-as-node, NODE_OPTIONS or --inspect; asar integrity and asar-only on', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the bundles: package.json main is inside files', () => {
    const filters = (config.files as { filter: string[] }[]).flatMap((f) => f.filter);
    expect(filters).toContain('dist/**');
    expect(filters).toContain('native/build/cowshed-clone.node'); // the clone engine, unpacked from the asar
    expect(config.asarUnpack).toContain('**/*.node');
    expect(pkg.main.startsWith('dist/')).toBe(true);
  });
});

describe('icons', () => {
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512];
  it.each(sizes)('resources/icons/NxN.png is N px (N = %i)', (n) => {
    expect(config.linux.icon).toBe('resources/icons');
    expect(pngSize(join(root, 'resources/icons', `${n}x${n}.png`))).toEqual({ w: n, h: n });
  });
  it('the macOS icon is 1024 px and the drawn sources exist', () => {
    expect(pngSize(join(root, config.mac.icon))).toEqual({ w: 1024, h: 1024 });
    for (const f of ['cowshed.svg', 'cowshed-small.svg']) expect(readFileSync(join(root, 'resources/icons', f), 'utf8')).toMatch(/^<svg /);
  });
});

describe('.desktop entry', () => {
  const linuxOpts = { ...config.linux, ...config.deb };
  const stubPackager = {
    appInfo: { productName: 'Cowshed', sanitizedProductName: 'Cowshed', description: pkg.description },
    executableName: config.executableName,
    info: { metadata: pkg },
    fileAssociations: [],
    config,
    platformSpecificBuildOptions: config.linux,
  };

  it('electron-builder generates the same entry as resources/cowshed.desktop (Exec aside)', async () => {
    const generated = parseDesktop(await new LinuxTargetHelper(stubPackager).computeDesktopEntry(linuxOpts));
    const ours = parseDesktop(readFileSync(join(root, 'resources/cowshed.desktop'), 'utf8'));
    expect(generated.get('Exec')).toBe('/opt/Cowshed/cowshed %U');
    for (const m of [generated, ours]) {
      m.delete('Exec');
      m.delete('Version');
    }
    expect(Object.fromEntries(generated)).toEqual(Object.fromEntries(ours));
    expect(ours.get('Icon')).toBe(config.executableName);
    expect(ours.get('StartupWMClass')).toBe(pkg.desktopName.replace(/\.desktop$/, ''));
  });

  it.runIf(has('desktop-file-validate') || process.env.CI)('desktop-file-validate accepts ours and the generated one', async () => {
    const generated = join(scratch, 'cowshed.desktop');
    writeFileSync(generated, await new LinuxTargetHelper(stubPackager).computeDesktopEntry(linuxOpts));
    for (const f of [join(root, 'resources/cowshed.desktop'), generated]) {
      const r = spawnSync('desktop-file-validate', [f], { encoding: 'utf8' });
      expect(r.error?.message ?? '', 'desktop-file-validate is missing (apt-get install desktop-file-utils)').toBe('');
      expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
      expect(r.status).toBe(0);
    }
  });
});

describe('deb/rpm scripts install the helper root-owned', () => {
  it('after-install/-remove render with only defined macros and pass bash -n', () => {
    expect(config.deb.afterInstall).toBe(config.rpm.afterInstall);
    expect(config.deb.afterRemove).toBe(config.rpm.afterRemove);
    for (const f of [config.deb.afterInstall, config.deb.afterRemove]) {
      const out = join(scratch, f.replace(/\//g, '_'));
      writeFileSync(out, renderTemplate(f));
      const r = spawnSync('bash', ['-n', out], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    const install = renderTemplate(config.deb.afterInstall);
    expect(install).toContain("update-alternatives --install '/usr/bin/cowshed' 'cowshed' '/opt/Cowshed/cowshed'"); // kept electron-builder's default
    expect(install).toContain("sh '/opt/Cowshed/resources/privilege/install-helper.sh' install '/opt/Cowshed'");
    const remove = renderTemplate(config.deb.afterRemove);
    expect(remove).toContain(`rm -f ${POLICY}`);
    expect(remove).toMatch(/remove\|purge\|0\)/); // not on upgrade
  });

  it('the launcher, helper bundle, policy and installer travel outside the asar (extraResources)', () => {
    const byTo = Object.fromEntries(config.extraResources.map((r) => [r.to, r.from]));
    expect(byTo).toEqual({
      'cowshed-helper-launcher': 'resources/cowshed-helper-launcher',
      'privilege/helper.cjs': 'dist/privilege/helper.cjs',
      'privilege/org.cowshed.helper.policy': 'resources/org.cowshed.helper.policy',
      'privilege/install-helper.sh': 'resources/build/install-helper.sh',
    });
    for (const from of Object.values(byTo).filter((f) => !f.startsWith('dist/'))) expect(existsSync(join(root, from)), `${from} is missing`).toBe(true);
    expect(readFileSync(join(root, 'scripts/build.mjs'), 'utf8')).toContain("outfile: 'dist/privilege/helper.cjs'"); // built by npm run build
  });

  it("the launcher runs the helper on the system's root-owned Node.js, never on Electron (runAsNode is off)", () => {
    const launcher = readFileSync(join(root, 'resources/cowshed-helper-launcher'), 'utf8');
    const code = launcher.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
    expect(code).not.toMatch(/ELECTRON_RUN_AS_NODE|RUN_AS_NODE/);
    expect(code).not.toMatch(/\/\.\.\/cowshed\b|\$here\/\.\.\/cowshed/); // never the app's own binary
    expect(code).toContain('for n in /usr/bin/node /usr/local/bin/node; do');
    expect(code).toMatch(/trusted "\$runtime" \|\| die/); // root-owned and protected, or refused
    expect(code).toMatch(/exec \/usr\/bin\/env -i \\\n(?:.*\\\n)*\s*"\$runtime" "\$helper"\n/);
    // the helper bundle is built for that runtime (Debian 12 ships Node 18) and refuses an older one first
    const build = readFileSync(join(root, 'scripts/build.mjs'), 'utf8');
    expect(build).toMatch(/outfile: 'dist\/privilege\/helper\.cjs'[^}]*target: 'node18', banner: \{ js: helperGuard \}/);
    expect(build).toMatch(/const helperGuard = `"use strict";\nif \(Number\(process\.versions\.node\.split\('\.'\)\[0\]\) < 18\)/);
  });

  it("deb and rpm depend on Node.js >= 18 (the helper runtime), pkexec / polkit, and keep electron-builder's defaults", () => {
    const deb = config.deb.depends as string[];
    const rpm = config.rpm.depends as string[];
    expect(deb).toContain('nodejs (>= 18)');
    expect(rpm).toContain('nodejs >= 18');
    expect(deb).toContain('pkexec | policykit-1');
    expect(rpm).toContain('polkit');
    // setting depends replaces electron-builder's list: each default must still be there (deb: or its t64 name)
    const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(t: string): string[] } } };
    const defaults = (t: string) => FpmTarget.prototype.getDefaultDepends.call(null, t);
    for (const d of defaults('deb')) expect(deb.some((x) => x.split(' | ').includes(d)), `deb default ${d}`).toBe(true);
    for (const d of defaults('rpm')) expect(rpm, `rpm default ${d}`).toContain(d);
  });

  it("the polkit policy's exec.path names the installed launcher", () => {
    const policy = readFileSync(join(root, 'resources/org.cowshed.helper.policy'), 'utf8');
    expect(policy).toContain(`<annotate key="org.freedesktop.policykit.exec.path">${LAUNCHER}</annotate>`);
  });

  it.runIf(isRoot)('install-helper.sh makes the launcher and bundle root-owned and installs the policy 0644 root:root', () => {
    const sys = join(scratch, 'root');
    const app = join(scratch, 'opt', 'Cowshed');
    const res = join(app, 'resources');
    mkdirSync(join(res, 'privilege'), { recursive: true, mode: 0o777 });
    mkdirSync(sys);
    // as if unpacked carelessly: someone else's files, writable by all
    writeFileSync(join(res, 'cowshed-helper-launcher'), '#!/bin/sh\n', { mode: 0o777 });
    writeFileSync(join(res, 'privilege', 'helper.cjs'), '// helper\n', { mode: 0o666 });
    writeFileSync(join(res, 'privilege', 'org.cowshed.helper.policy'), '<policyconfig/>\n', { mode: 0o666 });
    for (const p of [app, res, join(res, 'privilege'), join(res, 'cowshed-helper-launcher'), join(res, 'privilege', 'helper.cjs')]) {
      chownSync(p, 65534, 65534);
      chmodSync(p, statSync(p).isDirectory() ? 0o777 : statSync(p).mode & 0o777);
    }
    const env = { ...process.env, COWSHED_PKG_ROOT: sys };
    const script = join(root, 'resources/build/install-helper.sh');
    const r = spawnSync('sh', [script, 'install', app], { env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const owner = (p: string) => {
      const st = statSync(p);
      return [st.uid, st.gid, st.mode & 0o7777];
    };
    expect(owner(join(res, 'cowshed-helper-launcher'))).toEqual([0, 0, 0o755]);
    expect(owner(join(res, 'privilege', 'helper.cjs'))).toEqual([0, 0, 0o644]);
    for (const d of [app, res, join(res, 'privilege')]) expect(owner(d)).toEqual([0, 0, 0o755]);
    expect(owner(sys + POLICY)).toEqual([0, 0, 0o644]);
    expect(readFileSync(sys + POLICY, 'utf8')).toBe('<policyconfig/>\n');
    expect(spawnSync('sh', [script, 'remove'], { env }).status).toBe(0);
    expect(existsSync(sys + POLICY)).toBe(false);
    expect(spawnSync('sh', [script, 'bogus'], { env }).status).toBe(2);
  });
});
