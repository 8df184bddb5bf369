import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry } from './commands.ts';
import { ContextKeyService } from './context-keys.ts';

function setup() {
  const keys = new ContextKeyService();
  return { keys, commands: new CommandRegistry(keys) };
}

describe('CommandRegistry', () => {
  it('runs a command with its arguments and returns its result', async () => {
    const { commands } = setup();
    commands.register({ id: 'math.add', title: 'Add', handler: (a, b) => (a as number) + (b as number) });
    await expect(commands.execute('math.add', 2, 3)).resolves.toBe(5);
  });

  it('refuses duplicate ids and unknown commands as bugs', async () => {
    const { commands } = setup();
    commands.register({ id: 'a', title: 'A', handler: () => 1 });
    expect(() => commands.register({ id: 'a', title: 'A again', handler: () => 2 })).toThrow(/already registered/);
    await expect(commands.execute('missing')).rejects.toThrow(/Unknown command "missing"/);
  });

  it('hides commands whose when clause is false and skips disabled ones', async () => {
    const { commands, keys } = setup();
    const save = vi.fn();
    commands.register({ id: 'file.save', title: 'Save', handler: save, when: 'documentOpen' });
    commands.register({ id: 'edit.paste', title: 'Paste', handler: () => 'pasted', enablement: 'clipboardFull' });
    commands.register({ id: 'internal', title: 'Internal', handler: () => 0, hidden: true });
    expect(commands.visible().map((c) => c.id)).toEqual(['edit.paste']);
    await commands.execute('file.save');
    expect(save).not.toHaveBeenCalled();
    keys.set('documentOpen', true);
    expect(commands.visible().map((c) => c.id)).toEqual(['file.save', 'edit.paste']);
    await commands.execute('file.save');
    expect(save).toHaveBeenCalledTimes(1);
    expect(commands.isEnabled('edit.paste')).toBe(false);
    await expect(commands.execute('edit.paste')).resolves.toBeUndefined();
    keys.set('clipboardFull', true);
    await expect(commands.execute('edit.paste')).resolves.toBe('pasted');
  });

  it('unregisters on dispose and tells listeners', () => {
    const { commands } = setup();
    const changes = vi.fn();
    commands.onDidChange(changes);
    const registration = commands.register({ id: 'x', title: 'X', handler: () => 0 });
    registration.dispose();
    registration.dispose();
    expect(commands.get('x')).toBeUndefined();
    expect(changes).toHaveBeenCalledTimes(2);
  });
});

describe('ContextKeyService', () => {
  it('evaluates when clauses with !, ==, !=, && and ||', () => {
    const keys = new ContextKeyService();
    keys.set('documentOpen', true);
    keys.set('language', 'zh-CN');
    expect(keys.evaluate('documentOpen && !inputFocus')).toBe(true);
    expect(keys.evaluate("language == 'zh-CN'")).toBe(true);
    expect(keys.evaluate('language != en && documentOpen')).toBe(true);
    expect(keys.evaluate('inputFocus || language == en')).toBe(false);
    expect(keys.evaluate('inputFocus || documentOpen')).toBe(true);
    expect(keys.evaluate(undefined)).toBe(true);
    expect(() => keys.evaluate('documentOpen && (b)')).toThrow(/Cannot parse/);
  });
});
