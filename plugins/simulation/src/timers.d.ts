// Plugin workers have the standard timers; the ES-only lib that plugins compile against does not declare them.
declare function setTimeout(handler: () => void, timeout?: number): number;
declare function clearTimeout(handle: number | undefined): void;
