// `leanflow suggest` when the built-in simplifications plugin fails: the built-in suggestions are computed directly
// (a note on stderr says so) and the output is the same as when the plugin answers.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { LEAD_TO_QUOTE_SAMPLE } from '@leanflow/model';
import { cliRunner } from '../testing.ts';
import type * as PluginRunner from './plugin-runner.ts';

// Hoisted above the imports with the mock: no imported helpers here.
const broken = vi.hoisted(() => `${process.env['TMPDIR'] ?? '/tmp'}/leanflow-broken-simplifications-${process.pid}`);
const dir = mkdtempSync(join(tmpdir(), 'leanflow-suggest-fallback-'));

// A stand-in for plugins/simplifications with the same id whose provider throws.
vi.mock('./plugin-runner.ts', async (importOriginal) => {
  const original = await importOriginal<typeof PluginRunner>();
  return { ...original, BUILT_IN_PLUGINS: { ...original.BUILT_IN_PLUGINS, simplifications: broken } };
});

const run = cliRunner(dir);

describe('leanflow suggest without a working simplifications plugin', () => {
  it('falls back to the providers called directly, with a note', async () => {
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      join(broken, 'leanflow-plugin.json'),
      JSON.stringify({
        id: 'leanflow.simplifications', name: 'Simplifications', version: '1.0.0', publisher: 'leanflow', engines: { leanflow: '^1.0.0' }, main: 'plugin.js',
        permissions: ['readModel'], contributes: { suggestionProviders: [{ id: 'leanflow.simplifications.removeNonValueAdding', title: 'Remove' }] },
      }),
    );
    writeFileSync(
      join(broken, 'plugin.js'),
      `export function activate(context) {
        context.subscriptions.push(context.suggestions.registerProvider('leanflow.simplifications.removeNonValueAdding', { provideSuggestions: () => { throw new Error('broken on purpose'); } }));
      }`,
    );
    writeFileSync(join(dir, 'sample.bpmn'), LEAD_TO_QUOTE_SAMPLE);
    const result = await run('suggest', 'sample.bpmn', '--format', 'json', '--cases', '200', '--replications', '3');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^note: the built-in simplifications plugin did not answer \(.*broken on purpose.*\); the built-in suggestions were computed directly\.\n/);
    const ids = (JSON.parse(result.stdout) as { suggestions: { id: string; kind: string }[] }).suggestions.map((s) => `${s.kind} ${s.id}`);
    expect(ids).toContain('earlyResponse earlyResponse:Task_Acknowledge');
    expect(ids).toContain('removeNonValueAdding removeNonValueAdding:Task_CheckHistory');
  }, 120_000);
});
