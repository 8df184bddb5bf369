import { describe, expect, it } from 'vitest';
import { API_VERSION, MANIFEST_LIMITS, RESERVED_KEYBINDINGS, deriveActivationEvents, normalizeKeybinding, parseManifest, reservedKeybinding, validateManifest } from '@leanflow/plugin-api';

const base = {
  id: 'acme.demo',
  name: 'Demo',
  version: '1.2.0',
  publisher: 'acme',
  engines: { leanflow: '^1.0.0' },
  main: 'dist/plugin.js',
};

function messages(input: unknown, apiVersion?: string): string[] {
  const result = validateManifest(input, apiVersion ? { apiVersion } : {});
  return result.ok ? [] : result.issues.map((i) => i.message);
}

describe('validateManifest', () => {
  it('accepts a minimal manifest and fills defaults', () => {
    const result = validateManifest(base);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.manifest.permissions).toEqual([]);
    expect(result.manifest.contributes.commands).toEqual([]);
    expect(result.manifest.contributes.menus.commandPalette).toEqual([]);
    expect(API_VERSION).toBe('1.2.0');
  });

  it('names the field and the reason for each bad field', () => {
    expect(messages({ ...base, version: '1.0' })).toEqual(['version: must be a semantic version like 1.0.0']);
    expect(messages({ ...base, main: '../escape.js' })[0]).toMatch(/^main: must be a relative path/);
    expect(messages({ ...base, id: 'has spaces' })[0]).toMatch(/^id: the plugin id may use only/);
    const missing = messages({ ...base, name: undefined, publisher: undefined });
    expect(missing).toContain('name: is required (string)');
    expect(missing).toContain('publisher: is required (string)');
    expect(messages({ ...base, permissions: ['readModel', 'network'] })).toEqual([
      'permissions.1: must be one of "readModel", "proposeEdits", "runSimulation", "storage"',
    ]);
    expect(messages({ ...base, contributes: { commands: [{ command: 'acme.x', titel: 'X' }] } })).toEqual([
      'contributes.commands.0.title: is required (string)',
      'contributes.commands.0.titel: unknown field (check the spelling)',
    ]);
    expect(messages({ ...base, contributes: { views: [{ id: 'acme.v', name: 'V', kind: 'webview' }] } })).toEqual([
      'contributes.views.0.kind: must be one of "tree", "table", "markdown", "chart", "keyFigures", "sections"',
    ]);
  });

  it('refuses an incompatible engines range with a clear message', () => {
    expect(messages({ ...base, engines: { leanflow: '^2.0.0' } })).toEqual([
      `engines.leanflow: this plugin needs the Leanflow plugin API ^2.0.0, but this Leanflow provides ${API_VERSION}`,
    ]);
    expect(messages({ ...base, engines: { leanflow: '^1.0.0' } }, '2.1.0')).toHaveLength(1);
    expect(messages({ ...base, engines: { leanflow: 'whatever' } })).toEqual([
      'engines.leanflow: must be a semver range of the Leanflow plugin API, like ^1.0.0',
    ]);
  });

  it('checks references, duplicates and permissions across contributions', () => {
    const result = validateManifest({
      ...base,
      contributes: {
        commands: [{ command: 'acme.a', title: 'A' }, { command: 'acme.a', title: 'A again' }],
        menus: { toolbar: [{ command: 'acme.missing' }] },
        keybindings: [{ command: 'acme.nope', key: 'ctrl+k' }],
        scoringRules: [{ id: 'acme.rule', title: 'Rule' }],
      },
    });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.field)).toEqual([
      'contributes.commands.1.command',
      'contributes.menus.toolbar.0.command',
      'contributes.keybindings.0.command',
      'permissions',
    ]);
    expect(result.issues[1]!.message).toBe('contributes.menus.toolbar.0.command: command "acme.missing" is not declared in contributes.commands');
  });

  it('reports broken JSON and non-objects without throwing', () => {
    const broken = parseManifest('{ "id": ');
    expect(broken.ok).toBe(false);
    expect(broken.issues[0]!.message).toMatch(/^\(manifest\): not valid JSON/);
    expect(messages([1, 2])).toEqual(['(manifest): must be a JSON object']);
  });
});

describe('deriveActivationEvents', () => {
  it('derives one event per command and view, and one for scoring, suggestions and diagnostics', () => {
    const result = validateManifest({
      ...base,
      permissions: ['readModel'],
      activationEvents: ['onStartupFinished'],
      contributes: {
        commands: [{ command: 'acme.count', title: 'Count' }, { command: 'acme.clear', title: 'Clear' }],
        views: [{ id: 'acme.summary', name: 'Summary', kind: 'table' }],
        scoringRules: [{ id: 'acme.r1', title: 'R1' }, { id: 'acme.r2', title: 'R2' }],
        suggestionProviders: [{ id: 'acme.s', title: 'S' }],
      },
    });
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('\n'));
    expect(deriveActivationEvents(result.manifest)).toEqual([
      'onCommand:acme.count',
      'onCommand:acme.clear',
      'onView:acme.summary',
      'onScoring',
      'onSuggestions',
      'onStartupFinished',
    ]);
  });
});

// Issue 11, item 5: a 20 MB description stalled the studio, 10,000 commands made the palette slow.
describe('manifest limits', () => {
  it('refuses a manifest text over MANIFEST_LIMITS.bytes before parsing it', () => {
    const text = JSON.stringify({ ...base, description: 'x'.repeat(2 * MANIFEST_LIMITS.bytes) });
    const result = parseManifest(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.message)).toEqual([`(manifest): the manifest is 2.0 MB; it may be at most 1 MB`]);
  });

  it('refuses a 20 MB description with the limit in the message', () => {
    expect(messages({ ...base, description: 'x'.repeat(20_000_000) })).toEqual([`description: at most ${MANIFEST_LIMITS.description} characters`]);
  });

  it('refuses more commands than a plugin may contribute', () => {
    const commands = Array.from({ length: 10_000 }, (_, i) => ({ command: `acme.c${i}`, title: `C${i}` }));
    expect(messages({ ...base, contributes: { commands } })).toEqual([`contributes.commands: at most ${MANIFEST_LIMITS.commands} per plugin`]);
    const fits = Array.from({ length: MANIFEST_LIMITS.commands }, (_, i) => ({ command: `acme.c${i}`, title: `C${i}` }));
    expect(validateManifest({ ...base, contributes: { commands: fits } }).ok).toBe(true);
  });

  it('accepts only http(s) links and docs paths for a rule', () => {
    const rule = (docsUrl: string) => ({ ...base, permissions: ['readModel'], contributes: { scoringRules: [{ id: 'acme.r', title: 'R', docsUrl }] } });
    expect(validateManifest(rule('https://example.com/rules#r')).ok).toBe(true);
    expect(validateManifest(rule('docs/scoring.md#cycle-time')).ok).toBe(true);
    expect(messages(rule('javascript:alert(1)'))).toEqual(['contributes.scoringRules.0.docsUrl: use an http(s) URL or a docs path like docs/scoring.md#rule-id']);
  });
});

describe('reserved keybindings', () => {
  it('normalises chords (modifier order, case, Cmd = Ctrl) before comparing with the core ones', () => {
    expect(normalizeKeybinding('shift+CTRL+p')).toBe('Ctrl+Shift+P');
    expect(normalizeKeybinding('Ctrl+')).toBeUndefined();
    expect(reservedKeybinding('S+ctrl')?.command).toBe('file.save');
    expect(reservedKeybinding('cmd+s')?.command).toBe('file.save');
    expect(reservedKeybinding('meta+shift+z')?.command).toBe('edit.redo');
    expect(reservedKeybinding('ctrl+alt+s')).toBeUndefined();
    expect(RESERVED_KEYBINDINGS.every((r) => normalizeKeybinding(r.key) === r.key)).toBe(true);
  });

  it('warns (naming the keybinding) when a plugin takes a core chord; the manifest stays valid', () => {
    const result = validateManifest({
      ...base,
      contributes: {
        commands: [{ command: 'acme.save', title: 'Save mine' }, { command: 'acme.ok', title: 'Fine' }],
        keybindings: [
          { command: 'acme.ok', key: 'ctrl+alt+j' },
          { command: 'acme.save', key: 'ctrl+alt+s', mac: 'cmd+s' },
          { command: 'acme.save', key: 'Ctrl+Shift+P' },
        ],
      },
    });
    expect(result.ok).toBe(true);
    expect(result.issues.map((i) => [i.code, i.severity, i.field])).toEqual([
      ['manifest.keybinding.reserved', 'warning', 'contributes.keybindings.1.mac'],
      ['manifest.keybinding.reserved', 'warning', 'contributes.keybindings.2.key'],
    ]);
    expect(result.issues[1]!.message).toBe(
      'contributes.keybindings.2.key: "Ctrl+Shift+P" is the studio\'s Show All Commands (Ctrl+Shift+P); plugins cannot take core keybindings, so the studio refuses this one. Choose another key (a user can still bind it on purpose in Keyboard Shortcuts).',
    );
  });
});

describe('scoring rule categories', () => {
  it('warns (code, field, the categories to use) when a category is not a scorecard one, and accepts ids and titles in any case', () => {
    const rule = (category: string) => ({ ...base, permissions: ['readModel'], contributes: { scoringRules: [{ id: 'acme.r', title: 'R', category }] } });
    const lean = validateManifest(rule('Lean'));
    expect(lean.ok).toBe(true);
    expect(lean.issues).toEqual([
      {
        code: 'manifest.category.unknown',
        severity: 'warning',
        field: 'contributes.scoringRules.0.category',
        message: 'contributes.scoringRules.0.category: "Lean" is not a scorecard category (Speed, Cost, Simplicity, Customer experience, Model quality); the rule counts under Simplicity',
      },
    ]);
    for (const known of ['Speed', 'customerExperience', 'model quality', 'COST']) expect(validateManifest(rule(known)).issues).toEqual([]);
  });
});

