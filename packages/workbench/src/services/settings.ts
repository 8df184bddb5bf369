// The settings registry: setting schemas are contributed as data; the settings view is generated from them.
import { BugIndicatingError, Emitter, toDisposable, type Disposable, type Event } from '../base/lifecycle.ts';

export type SettingValue = string | number | boolean;

/** A setting contribution. `title`, `description`, `category` and `enumLabels` may be message keys written `%key%`. */
export interface SettingSchema {
  /** Dotted id, e.g. `workbench.language`. */
  readonly id: string;
  readonly type: 'string' | 'number' | 'boolean';
  readonly default: SettingValue;
  readonly title: string;
  readonly description: string;
  readonly category?: string;
  /** Allowed values (rendered as a drop-down). */
  readonly enum?: readonly SettingValue[];
  /** Labels for the `enum` values, same order. */
  readonly enumLabels?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Why a value was refused; `code` is stable, `message` is for people. */
export interface SettingIssue {
  readonly code: 'unknown-setting' | 'wrong-type' | 'not-allowed' | 'out-of-range';
  readonly settingId: string;
  readonly message: string;
}

export type SettingResult = { ok: true; value: SettingValue } | { ok: false; issue: SettingIssue };

/** Where setting values live between sessions. */
export interface SettingsStorage {
  load(): Record<string, unknown>;
  save(values: Record<string, SettingValue>): void;
}

/** Keeps values in memory (tests, or a browser without storage). */
export function createMemorySettingsStorage(initial: Record<string, unknown> = {}): SettingsStorage & { values: Record<string, unknown> } {
  const store = { values: { ...initial } };
  return {
    get values() {
      return store.values;
    },
    load: () => ({ ...store.values }),
    save: (values) => {
      store.values = { ...values };
    },
  };
}

/**
 * Holds setting schemas and the user's values. Only values that differ from the default are stored;
 * stored values that no longer validate (schema changed) fall back to the default.
 * @example
 * settings.register({ id: 'editor.gridSnap', type: 'boolean', default: true, title: 'Snap', description: '...' });
 * settings.set('editor.gridSnap', false); // { ok: true, value: false }
 * settings.get('editor.gridSnap'); // false
 */
export class SettingsRegistry {
  private readonly schemas = new Map<string, SettingSchema>();
  private readonly values: Record<string, unknown>;
  private readonly changed = new Emitter<string>();
  private readonly schemasChanged = new Emitter<void>();
  /** Fires the id of a setting whose effective value changed. */
  readonly onDidChange: Event<string> = this.changed.event;
  /** Fires when schemas are added or removed. */
  readonly onDidChangeSchemas: Event<void> = this.schemasChanged.event;

  constructor(private readonly storage: SettingsStorage = createMemorySettingsStorage()) {
    this.values = storage.load();
  }

  register(schema: SettingSchema): Disposable {
    if (this.schemas.has(schema.id)) throw new BugIndicatingError(`Setting "${schema.id}" is already registered`);
    if (typeof schema.default !== schema.type) throw new BugIndicatingError(`Setting "${schema.id}": default is not a ${schema.type}`);
    if (schema.enum && !schema.enum.includes(schema.default)) throw new BugIndicatingError(`Setting "${schema.id}": default is not in enum`);
    this.schemas.set(schema.id, schema);
    this.schemasChanged.fire();
    return toDisposable(() => {
      if (this.schemas.get(schema.id) === schema) {
        this.schemas.delete(schema.id);
        this.schemasChanged.fire();
      }
    });
  }

  schema(id: string): SettingSchema | undefined {
    return this.schemas.get(id);
  }

  all(): SettingSchema[] {
    return [...this.schemas.values()];
  }

  /** The effective value: the user's valid value, else the default. Unknown ids are a bug. */
  get<T extends SettingValue = SettingValue>(id: string): T {
    const schema = this.schemas.get(id);
    if (!schema) throw new BugIndicatingError(`Unknown setting "${id}"`);
    const stored = this.values[id];
    if (stored !== undefined && this.validate(id, stored).ok) return stored as T;
    return schema.default as T;
  }

  /** Checks a value against its schema without storing it. */
  validate(id: string, value: unknown): SettingResult {
    const schema = this.schemas.get(id);
    if (!schema) return { ok: false, issue: { code: 'unknown-setting', settingId: id, message: `There is no setting "${id}".` } };
    if (typeof value !== schema.type || (schema.type === 'number' && !Number.isFinite(value))) {
      return { ok: false, issue: { code: 'wrong-type', settingId: id, message: `"${id}" must be a ${schema.type}, not ${JSON.stringify(value)}.` } };
    }
    const typed = value as SettingValue;
    if (schema.enum && !schema.enum.includes(typed)) {
      return { ok: false, issue: { code: 'not-allowed', settingId: id, message: `"${id}" must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}.` } };
    }
    if (typeof typed === 'number' && ((schema.minimum !== undefined && typed < schema.minimum) || (schema.maximum !== undefined && typed > schema.maximum))) {
      return { ok: false, issue: { code: 'out-of-range', settingId: id, message: `"${id}" must be between ${schema.minimum ?? '-∞'} and ${schema.maximum ?? '∞'}.` } };
    }
    return { ok: true, value: typed };
  }

  /** Validates and stores a value (persisted); a refused value leaves the setting unchanged. */
  set(id: string, value: unknown): SettingResult {
    const result = this.validate(id, value);
    if (!result.ok) return result;
    const before = this.get(id);
    const schema = this.schemas.get(id)!;
    if (result.value === schema.default) delete this.values[id];
    else this.values[id] = result.value;
    this.persist();
    if (before !== result.value) this.changed.fire(id);
    return result;
  }

  /** Back to the default. */
  reset(id: string): void {
    const schema = this.schemas.get(id);
    if (!schema) throw new BugIndicatingError(`Unknown setting "${id}"`);
    const before = this.get(id);
    delete this.values[id];
    this.persist();
    if (before !== schema.default) this.changed.fire(id);
  }

  /** True when the user changed the value from its default. */
  isModified(id: string): boolean {
    return this.get(id) !== this.schemas.get(id)?.default;
  }

  private persist(): void {
    // Values of schemas not registered now (e.g. an inactive plugin) are kept, not thrown away.
    this.storage.save({ ...(this.values as Record<string, SettingValue>) });
  }
}
