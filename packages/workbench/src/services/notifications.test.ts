import { describe, expect, it } from 'vitest';
import { NotificationService } from './notifications.ts';

describe('NotificationService', () => {
  it('shows one toast per event: the same message again replaces the one shown', () => {
    const notifications = new NotificationService();
    const first = notifications.notify({ severity: 'info', title: 'Simulation finished', code: 'sim.done' });
    notifications.notify({ severity: 'warning', title: 'Other', code: 'x' });
    const again = notifications.notify({ severity: 'info', title: 'Simulation finished', code: 'sim.done' });
    expect(notifications.all().map((n) => n.title)).toEqual(['Other', 'Simulation finished']);
    expect(notifications.all()[1]!.id).toBe(again.id);
    expect(again.id).not.toBe(first.id);
    // A different detail or severity is another event.
    notifications.notify({ severity: 'error', title: 'Simulation finished', code: 'sim.done' });
    notifications.notify({ severity: 'info', title: 'Simulation finished', detail: '2 runs', code: 'sim.done' });
    expect(notifications.all()).toHaveLength(4);
  });
});
