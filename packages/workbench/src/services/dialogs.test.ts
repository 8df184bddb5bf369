import { describe, expect, it } from 'vitest';
import { DialogService } from './dialogs.ts';

describe('DialogService', () => {
  it('shows one question at a time and resolves each with the chosen button', async () => {
    const dialogs = new DialogService();
    const first = dialogs.ask({ title: 'Save a?', buttons: ['Save', 'Cancel'] });
    const second = dialogs.ask({ title: 'Save b?', buttons: ['Save', 'Cancel'] });
    expect(dialogs.current?.title).toBe('Save a?');
    dialogs.answer(1);
    expect(dialogs.current?.title).toBe('Save b?');
    dialogs.answer(0);
    await expect(first).resolves.toBe(1);
    await expect(second).resolves.toBe(0);
    expect(dialogs.current).toBeUndefined();
  });
});
