// `context.window`: notifications, quick picks, status bar items, output channels and the plugin's console.
import { NotificationSchema, QuickPickRequestSchema, StatusBarItemSchema, type QuickPickItem } from '@leanflow/plugin-api';
import { z } from 'zod';
import { LogSchema, OutputSchema, id, parse } from '../schemas.ts';
import type { NoteHandler, RequestHandler } from './context.ts';

export const windowRequests: Readonly<Record<string, RequestHandler>> = {
  'window.notify': async (params, { services, pluginId }) => {
    const notification = parse(NotificationSchema, params, 'window.showNotification');
    return (await services.showNotification({ pluginId, ...notification })) ?? null;
  },
  'window.quickPick': async (params, { services, pluginId }) => {
    const request = parse(QuickPickRequestSchema, params, 'window.showQuickPick');
    const items = request.items.map((item): QuickPickItem => (typeof item === 'string' ? { label: item } : (item as QuickPickItem)));
    const index = await services.showQuickPick({
      pluginId,
      items,
      ...(request.title !== undefined ? { title: request.title } : {}),
      ...(request.placeholder !== undefined ? { placeholder: request.placeholder } : {}),
    });
    return index !== undefined && index >= 0 && index < items.length ? index : null;
  },
};

const clearOutput: NoteHandler = (params, { contributions, pluginId }, method) => contributions.clearOutput(pluginId, parse(OutputSchema, params, method).name, method === 'output.dispose');

export const windowNotes: Readonly<Record<string, NoteHandler>> = {
  'statusBar.update': (params, { contributions, pluginId }) => {
    const item = parse(StatusBarItemSchema, params, 'statusBar.update');
    contributions.setStatusBarItem({
      pluginId,
      id: item.id,
      text: item.text,
      ...(item.tooltip !== undefined ? { tooltip: item.tooltip } : {}),
      ...(item.command !== undefined ? { command: item.command } : {}),
      alignment: item.alignment,
      priority: item.priority,
      visible: item.visible,
    });
  },
  'statusBar.dispose': (params, { contributions, pluginId }) => contributions.removeStatusBarItem(pluginId, parse(z.object({ id }), params, 'statusBar.dispose').id),
  'output.append': (params, { contributions, pluginId }) => {
    const output = parse(OutputSchema, params, 'output.append');
    contributions.appendOutput(pluginId, output.name, output.text ?? '');
  },
  'output.clear': clearOutput,
  'output.dispose': clearOutput,
  log: (params, { contributions, pluginId }) => {
    const log = parse(LogSchema, params, 'console');
    contributions.appendOutput(pluginId, 'console', `${log.level === 'log' ? '' : `[${log.level}] `}${log.message}\n`);
  },
};
