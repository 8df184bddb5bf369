// `leanflow plugin install NAME` against a registry started by the test: a small npm-compatible HTTP server serving
// packuments and tarballs (`npm pack` of a scaffolded plugin), so no network is needed. Verdaccio is not available
// offline; the server speaks the two requests the CLI makes (GET /<name>, GET <tarball>).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { writeFile } from 'node:fs/promises';
import { cliRunner } from '../testing.ts';

let dir: string;
let server: Server;
let registry: string;
let run: ReturnType<typeof cliRunner>;
let tarball: Uint8Array;
const requests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leanflow-install-'));
  run = cliRunner(dir);
  expect((await run('plugin', 'init', 'sla-rule', '--id', 'acme.sla')).code).toBe(0);
  execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: join(dir, 'sla-rule'), stdio: 'ignore' });
  tarball = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!));
  const sha512 = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
  const tampered = Uint8Array.from(tarball);
  tampered[tampered.length - 30]! ^= 0xff;
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const version = (v: string, file: string, integrity = sha512) => ({ name: 'leanflow-plugin-sla-rule', version: v, keywords: ['leanflow-plugin'], dist: { tarball: `${base}/${file}`, integrity } });
    const packuments: Record<string, unknown> = {
      '/leanflow-plugin-sla-rule': { name: 'leanflow-plugin-sla-rule', 'dist-tags': { latest: '0.1.0' }, versions: { '0.1.0': version('0.1.0', 'good.tgz'), '0.2.0': version('0.2.0', 'good.tgz'), '0.2.1': version('0.2.1', 'good.tgz'), '0.3.0': version('0.3.0', 'good.tgz') } },
      '/leanflow-plugin-tampered': { name: 'leanflow-plugin-tampered', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': version('1.0.0', 'tampered.tgz') } },
    };
    const files: Record<string, Uint8Array> = { '/good.tgz': tarball, '/tampered.tgz': tampered };
    const packument = packuments[request.url ?? ''];
    if (packument) return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument));
    const file = files[request.url ?? ''];
    if (file) return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
    response.writeHead(404).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  await writeFile(join(dir, 'lead.bpmn'), LEAD_TO_QUOTE_SAMPLE);
}, 60_000);

afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('leanflow plugin install', () => {
  it('installs the latest version by name, after checking its sha512, as a .zip that runs', async () => {
    const result = await run('plugin', 'install', 'leanflow-plugin-sla-rule', '--registry', registry);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^installed leanflow-plugin-sla-rule@0\.1\.0 \(plugin acme\.sla, sha512 checked\) to .*acme\.sla-0\.1\.0\.zip/);
    expect(requests).toEqual(expect.arrayContaining(['/leanflow-plugin-sla-rule', '/good.tgz']));
    const zip = join(dir, '.leanflow', 'plugins', 'acme.sla-0.1.0.zip');
    const ran = await run('plugin', 'run', zip, 'lead.bpmn', '--simulate', '--cases', '50', '--replications', '1');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/Cycle time within target\s+\d+ {2}90% of cases/);
  });

  it('picks the highest version in a range, into --dir', async () => {
    const result = await run('plugin', 'install', 'leanflow-plugin-sla-rule@^0.2', '--registry', registry, '--dir', 'plugins');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('leanflow-plugin-sla-rule@0.2.1');
    expect(await readdir(join(dir, 'plugins'))).toEqual(['acme.sla-0.1.0.zip']);
  });

  it('refuses a download that does not match the registry hash and writes nothing', async () => {
    const result = await run('plugin', 'install', 'leanflow-plugin-tampered', '--registry', registry, '--dir', 'tampered');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^leanflow plugin: leanflow-plugin-tampered@1\.0\.0 was not installed: the download does not match the registry \(its sha512 is .+, the registry says [A-Za-z0-9+/=]+\)\.\n$/);
    expect(await readdir(dir)).not.toContain('tampered');
  });

  it('says clearly when a package or version is not there', async () => {
    expect(await run('plugin', 'install', 'leanflow-plugin-missing', '--registry', registry)).toMatchObject({ code: 1, stderr: `leanflow plugin: the package leanflow-plugin-missing is not in the registry ${registry.slice(0, -1)}.\n` });
    const noVersion = await run('plugin', 'install', 'leanflow-plugin-sla-rule@^3', '--registry', registry);
    expect(noVersion).toMatchObject({ code: 1, stderr: 'leanflow plugin: leanflow-plugin-sla-rule has no version matching ^3 (published: 0.1.0, 0.2.0, 0.2.1, 0.3.0).\n' });
    expect((await run('plugin', 'install', 'Not A Name', '--registry', registry)).code).toBe(2);
  });
});
