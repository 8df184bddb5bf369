// Installing plugins by npm package name in the studio, in Chromium, from an npm-compatible registry the test serves
// itself (search, packuments, tarballs made with `npm pack`; never the internet): the registry setting, search by
// the leanflow-plugin keyword, install with the sha512 checked in the browser, the plugin's command working; a
// tampered tarball is refused with the hashes named and nothing installed. A development plugin loaded from a
// folder (a real FileSystemDirectoryHandle: the origin-private file system stands in for the folder picker, which
// cannot be automated) reloads when its bundle is rewritten. Screenshots in /tmp.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlugin } from '../../../packages/plugin-host/src/index.ts';
import { launchBrowser, openStudio, waitForCanvas } from './browser.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
let server: Server;
let registry: string;
const requests: string[] = [];

/** A built npm package of a third-party copy of the task-summary example (main: dist/plugin.js), as `npm pack` makes it. */
async function packedTaskSummary(): Promise<Uint8Array> {
  const loaded = await loadPlugin(join(repo, 'plugins/examples/task-summary'));
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('\n'));
  const rename = (text: string) => text.replaceAll('examples.taskSummary', 'npm.taskSummary').replaceAll('examples.task-summary', 'npm.task-summary');
  const manifest = JSON.parse(rename(JSON.stringify(loaded.bundle.manifest))) as Record<string, unknown> & { contributes: Record<string, unknown> };
  Object.assign(manifest, { name: 'Task summary (npm)', publisher: 'npm', main: 'dist/plugin.js' });
  for (const command of manifest.contributes['commands'] as { category?: string }[]) command.category = 'Npm';
  delete manifest.contributes['keybindings'];
  const folder = join(dir, 'package');
  await mkdir(join(folder, 'dist'), { recursive: true });
  await writeFile(join(folder, 'leanflow-plugin.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(folder, 'dist', 'plugin.js'), rename(loaded.bundle.code));
  await writeFile(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'leanflow-plugin-task-summary', version: '1.0.0', description: 'Counts tasks and hand-offs', keywords: ['leanflow-plugin'], files: ['dist', 'leanflow-plugin.json'] }),
  );
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: folder, stdio: 'ignore' });
  return new Uint8Array(await readFile(join(dir, (await readdir(dir)).find((f) => f.endsWith('.tgz'))!)));
}

describe('installing plugins by name from a registry', () => {
  let browser: Browser;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'leanflow-registry-e2e-'));
    const tarball = await packedTaskSummary();
    const sha512 = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    const tampered = Uint8Array.from(tarball);
    tampered[tampered.length - 40]! ^= 0xff;
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      requests.push(`${url.pathname}${url.search}`);
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      // The studio is on another origin: the registry allows it, as registry.npmjs.org does.
      const headers = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };
      const version = (name: string, file: string) => ({ name, version: '1.0.0', keywords: ['leanflow-plugin'], dist: { tarball: `${base}/${file}`, integrity: sha512 } });
      const packages = [
        { name: 'leanflow-plugin-task-summary', version: '1.0.0', description: 'Counts tasks and hand-offs', keywords: ['leanflow-plugin'], publisher: { username: 'npm' } },
        { name: 'leanflow-plugin-tampered', version: '1.0.0', description: 'Its tarball was changed after publishing', keywords: ['leanflow-plugin'] },
      ];
      if (url.pathname === '/-/v1/search') {
        const words = (url.searchParams.get('text') ?? '').split(' ').filter((w) => w && !w.startsWith('keywords:'));
        return void response.writeHead(200, headers).end(JSON.stringify({ objects: packages.filter((p) => words.every((w) => p.name.includes(w))).map((p) => ({ package: p })) }));
      }
      if (url.pathname === '/leanflow-plugin-task-summary' || url.pathname === '/leanflow-plugin-tampered') {
        const name = url.pathname.slice(1);
        return void response.writeHead(200, headers).end(JSON.stringify({ name, 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': version(name, name.endsWith('tampered') ? 'tampered.tgz' : 'good.tgz') } }));
      }
      if (url.pathname === '/good.tgz' || url.pathname === '/tampered.tgz') {
        return void response.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' }).end(url.pathname === '/good.tgz' ? tarball : tampered);
      }
      response.writeHead(404, headers).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function showExtensions(page: Page): Promise<void> {
    await page.locator('.lf-activity[data-view="examples.taskSummary.figures"]').waitFor();
    if ((await page.locator('lf-extensions-view').count()) === 0) await page.locator('.lf-activity[data-view="extensions"]').click();
    await page.locator('lf-extensions-view .lf-extensions-search').waitFor();
  }

  it('searches the configured registry and installs by name, the integrity checked; a tampered tarball is refused', async () => {
    const { page, errors } = await openStudio(browser);
    await waitForCanvas(page);
    await page.evaluate((url) => (window as unknown as { leanflow: { settings: { set(id: string, v: string): void } } }).leanflow.settings.set('extensions.registry', url), registry);
    await showExtensions(page);
    await expect(page.locator('.lf-registry-source').textContent()).resolves.toContain(registry);

    const search = page.locator('lf-extensions-view .lf-extensions-search input');
    await search.fill('task');
    await search.press('Enter');
    const hit = page.locator('.lf-registry-results .lf-extension[data-package="leanflow-plugin-task-summary"]');
    await hit.waitFor();
    await expect(page.locator('.lf-registry-results .lf-extension').count()).resolves.toBe(1);
    await expect(hit.textContent()).resolves.toContain('Counts tasks and hand-offs');
    expect(requests).toContain('/-/v1/search?text=keywords%3Aleanflow-plugin%20task&size=20');

    await hit.locator('[data-action="install-package"]').click();
    await page.locator('.lf-toast', { hasText: 'Installed "Task summary (npm)" 1.0.0.' }).waitFor();
    await hit.locator('[data-installed]').waitFor();
    await page.locator('lf-extensions-view .lf-extension[data-plugin-id="npm.task-summary"]').waitFor();
    expect(requests).toEqual(expect.arrayContaining(['/leanflow-plugin-task-summary', '/good.tgz']));
    await page.screenshot({ path: '/tmp/leanflow-extensions-registry.png' });

    // The installed plugin works: its command from the palette.
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.lf-palette input').fill('Npm summarise');
    await page.locator('.lf-palette-item', { hasText: 'Npm: Summarise tasks' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('[data-item="plugin:npm.task-summary:npm.taskSummary.status"]').waitFor();

    // A tarball that does not match the registry's sha512 is refused, saying so; nothing is installed.
    await search.fill('tampered');
    await search.press('Enter');
    const bad = page.locator('.lf-registry-results .lf-extension[data-package="leanflow-plugin-tampered"]');
    await bad.locator('[data-action="install-package"]').click();
    const toast = page.locator('.lf-toast', { hasText: 'Could not install leanflow-plugin-tampered@1.0.0' });
    await toast.waitFor();
    await expect(toast.textContent()).resolves.toMatch(/the download does not match the registry \(its sha512 is \S+, the registry says \S+\)/);
    await expect(bad.locator('[data-installed]').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('a development plugin from a folder reloads when its bundle changes (File System Access API, polled)', async () => {
    // The picker returns a folder of the origin-private file system, written by the test as an author's build would.
    const { page, errors } = await openStudio(browser, {
      initScript: `window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('dev-plugin', { create: true });`,
    });
    await waitForCanvas(page);
    const writeFolder = (files: Record<string, string>) =>
      page.evaluate(async (entries) => {
        const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('dev-plugin', { create: true });
        for (const [path, text] of Object.entries(entries)) {
          const parts = path.split('/');
          let folder = root;
          for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, { create: true });
          const writable = await (await folder.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
          await writable.write(text);
          await writable.close();
        }
      }, files);
    const bundle = (label: string) =>
      `export function activate(context) {\n  const item = context.window.createStatusBarItem({ id: 'dev.status' });\n  item.text = '${label}';\n  item.show();\n}\n`;
    await writeFolder({
      'leanflow-plugin.json': JSON.stringify({ id: 'acme.devfolder', name: 'Dev folder', version: '0.0.1', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'dist/plugin.js', activationEvents: ['*'] }),
      'dist/plugin.js': bundle('build one'),
    });
    await showExtensions(page);
    await page.locator('lf-extensions-view [data-action="load-folder"]').click();
    const plugin = page.locator('lf-extensions-view .lf-extension[data-plugin-id="acme.devfolder"]');
    await plugin.locator('[data-watching="dev-plugin"]').waitFor();
    const status = page.locator('[data-item="plugin:acme.devfolder:dev.status"]');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('build one');

    await writeFolder({ 'dist/plugin.js': bundle('build two') });
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('build two');
    await page.screenshot({ path: '/tmp/leanflow-extensions-dev-folder.png' });
    await plugin.locator('[data-action="stop-watching"]').click();
    await expect(plugin.locator('[data-watching]').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
