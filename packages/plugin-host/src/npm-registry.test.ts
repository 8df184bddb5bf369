// The registry steps the CLI's `plugin install` and the studio's Extensions view share, against a registry served
// by the test (search, packument, tarballs; never the internet): search by keyword, versions, the integrity check
// (WebCrypto sha512 and sha1) and unpacking into a plugin the host installs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryError, checkIntegrity, downloadPackage, readPluginFiles, searchPlugins } from '@leanflow/plugin-host';

let dir: string;
let server: Server;
let registry: string;
let tarball: Uint8Array;
const searches: string[] = [];

const PLUGIN_JS = `export function activate(context) {\n  context.commands.registerCommand('acme.hello.say', () => 'hello');\n}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leanflow-npm-'));
  const pkg = join(dir, 'package');
  await mkdir(join(pkg, 'dist'), { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'leanflow-plugin-hello', version: '1.2.0', keywords: ['leanflow-plugin'] }));
  await writeFile(
    join(pkg, 'leanflow-plugin.json'),
    JSON.stringify({ id: 'acme.hello', name: 'Hello', version: '1.2.0', publisher: 'acme', engines: { leanflow: '^1.0.0' }, main: 'dist/plugin.js', contributes: { commands: [{ command: 'acme.hello.say', title: 'Say hello' }] } }),
  );
  await writeFile(join(pkg, 'dist', 'plugin.js'), PLUGIN_JS);
  execFileSync('tar', ['czf', join(dir, 'hello.tgz'), 'package'], { cwd: dir });
  tarball = new Uint8Array(await readFile(join(dir, 'hello.tgz')));
  const sha512 = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  const sha1 = createHash('sha1').update(tarball).digest('hex');
  const tampered = Uint8Array.from(tarball);
  tampered[tampered.length - 20]! ^= 0xff;
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const json = (body: unknown) => void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/-/v1/search') {
      const text = url.searchParams.get('text') ?? '';
      searches.push(text);
      const all = [
        { name: 'leanflow-plugin-hello', version: '1.2.0', description: 'Says hello', keywords: ['leanflow-plugin'], publisher: { username: 'acme' } },
        { name: 'leanflow-plugin-sla', version: '0.3.0', keywords: ['leanflow-plugin', 'sla'] },
      ];
      const words = text.split(' ').filter((w) => !w.startsWith('keywords:'));
      return json({ objects: all.filter((p) => words.every((w) => p.name.includes(w))).map((p) => ({ package: p })), total: 2 });
    }
    const version = (dist: Record<string, string>, keywords = ['leanflow-plugin']) => ({ version: '1.2.0', keywords, dist: { tarball: `${base}/hello.tgz`, ...dist } });
    if (url.pathname === '/leanflow-plugin-hello') return json({ name: 'leanflow-plugin-hello', 'dist-tags': { latest: '1.2.0' }, versions: { '1.2.0': version({ integrity: sha512 }) } });
    if (url.pathname === '/old-hello') return json({ name: 'old-hello', versions: { '1.2.0': version({ shasum: sha1 }, []) } });
    if (url.pathname === '/tampered') return json({ name: 'tampered', versions: { '1.2.0': { ...version({ integrity: sha512 }), dist: { tarball: `${base}/tampered.tgz`, integrity: sha512 } } } });
    if (url.pathname === '/hello.tgz') return void response.writeHead(200).end(tarball);
    if (url.pathname === '/tampered.tgz') return void response.writeHead(200).end(tampered);
    response.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm-compatible registry', () => {
  it('searches by the leanflow-plugin keyword and the words typed', async () => {
    const hits = await searchPlugins(registry, 'hello');
    expect(hits).toEqual([{ name: 'leanflow-plugin-hello', version: '1.2.0', description: 'Says hello', keywords: ['leanflow-plugin'], publisher: 'acme' }]);
    expect(searches.at(-1)).toBe('keywords:leanflow-plugin hello');
    expect((await searchPlugins(`${registry}/`, '')).map((p) => p.name)).toEqual(['leanflow-plugin-hello', 'leanflow-plugin-sla']);
  });

  it('downloads, checks sha512 and unpacks a plugin the host can read', async () => {
    const downloaded = await downloadPackage(registry, 'leanflow-plugin-hello');
    expect({ name: downloaded.name, version: downloaded.version, algorithm: downloaded.algorithm, hasKeyword: downloaded.hasKeyword }).toEqual({ name: 'leanflow-plugin-hello', version: '1.2.0', algorithm: 'sha512', hasKeyword: true });
    const loaded = readPluginFiles(Object.fromEntries(downloaded.files), 'leanflow-plugin-hello@1.2.0');
    expect(loaded.ok && loaded.bundle.code).toBe(PLUGIN_JS);
  });

  it('falls back to an old registry sha1, and says when the package lacks the keyword', async () => {
    const downloaded = await downloadPackage(registry, 'old-hello@^1');
    expect([downloaded.algorithm, downloaded.hasKeyword]).toEqual(['sha1', false]);
  });

  it('refuses a tampered download, an unknown package and a bad name, with messages', async () => {
    await expect(downloadPackage(registry, 'tampered')).rejects.toThrow(/^tampered@1\.2\.0 was not installed: the download does not match the registry \(its sha512 is .+, the registry says .+\)\.$/);
    await expect(downloadPackage(registry, 'nothing-here')).rejects.toThrow(`the package nothing-here is not in the registry ${registry}.`);
    await expect(downloadPackage(registry, 'Not A Name')).rejects.toBeInstanceOf(RegistryError);
    expect(await checkIntegrity(tarball, {})).toEqual({ ok: false, message: 'the registry gives no integrity hash for it' });
  });
});
