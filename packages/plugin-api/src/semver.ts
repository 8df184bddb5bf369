// A small semver (https://semver.org) for manifest versions and `engines.leanflow` ranges. Written here rather than
// depending on `semver` (CommonJS) so the DOM-free API layer stays plain ESM in Node, workers and the browser.
// Ranges: exact, `=`, `>`, `>=`, `<`, `<=`, `^`, `~`, x-ranges (`1.x`, `1.2.*`, `*`), hyphen ranges
// (`1.0.0 - 2.0.0`), space-separated conjunctions and `||`. A pre-release only matches comparators on its own
// MAJOR.MINOR.PATCH, as in npm.

/**
 * A parsed semantic version.
 *
 * @example
 * const version: SemVer = { major: 1, minor: 2, patch: 3, prerelease: ['beta', 1] };
 */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly (string | number)[];
}

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Parses `MAJOR.MINOR.PATCH[-pre][+build]`; undefined when it is not a valid version.
 *
 * @example
 * parseVersion('1.4.0-beta.2'); // { major: 1, minor: 4, patch: 0, prerelease: ['beta', 2] }
 */
export function parseVersion(text: string): SemVer | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  const prerelease = match[4] ? match[4].split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [];
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), prerelease };
}

/**
 * Orders two versions: negative when a < b, 0 when equal (build metadata ignored), positive when a > b.
 *
 * @example
 * compareVersions('1.0.0-rc.1', '1.0.0') < 0; // true
 */
export function compareVersions(a: string | SemVer, b: string | SemVer): number {
  const x = typeof a === 'string' ? parseVersion(a) : a;
  const y = typeof b === 'string' ? parseVersion(b) : b;
  if (!x || !y) throw new Error(`compareVersions: not a semantic version: ${String(!x ? a : b)}`);
  const core = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (core !== 0) return Math.sign(core);
  // A release sorts after its pre-releases.
  if (x.prerelease.length === 0) return y.prerelease.length === 0 ? 0 : 1;
  if (y.prerelease.length === 0) return -1;
  for (let i = 0; i < Math.max(x.prerelease.length, y.prerelease.length); i++) {
    const p = x.prerelease[i];
    const q = y.prerelease[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return Math.sign(p - q);
    if (typeof p === 'number') return -1;
    if (typeof q === 'number') return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

type Operator = '<' | '<=' | '>' | '>=' | '=';
interface Comparator {
  readonly operator: Operator;
  readonly version: SemVer;
}

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z-.]+))?(?:\+[0-9A-Za-z-.]+)?$/;

function isWild(part: string | undefined): boolean {
  return part === undefined || part === 'x' || part === 'X' || part === '*';
}

function version(major: number, minor: number, patch: number, prerelease: readonly (string | number)[] = []): SemVer {
  return { major, minor, patch, prerelease };
}

function prereleaseOf(text: string | undefined): (string | number)[] {
  return text ? text.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)) : [];
}

/** Turns one range token (with its operator) into comparators; undefined when malformed. */
function expandToken(operator: string, partial: string): Comparator[] | undefined {
  const match = PARTIAL.exec(partial);
  if (!match) return undefined;
  const [, ma, mi, pa, pre] = match;
  if (isWild(ma)) return operator === '<' || operator === '>' ? [{ operator: '<', version: version(0, 0, 0) }] : [];
  const major = Number(ma);
  const minor = isWild(mi) ? undefined : Number(mi);
  const patch = isWild(pa) ? undefined : Number(pa);
  const prerelease = prereleaseOf(pre);
  const low = version(major, minor ?? 0, patch ?? 0, prerelease);
  switch (operator) {
    case '^': {
      const high =
        major > 0 || minor === undefined
          ? version(major + 1, 0, 0)
          : minor > 0 || patch === undefined
            ? version(0, minor + 1, 0)
            : version(0, 0, patch + 1);
      return [{ operator: '>=', version: low }, { operator: '<', version: { ...high, prerelease: [0] } }];
    }
    case '~': {
      const high = minor === undefined ? version(major + 1, 0, 0) : version(major, minor + 1, 0);
      return [{ operator: '>=', version: low }, { operator: '<', version: { ...high, prerelease: [0] } }];
    }
    case '':
    case '=': {
      if (minor === undefined) return [{ operator: '>=', version: low }, { operator: '<', version: version(major + 1, 0, 0, [0]) }];
      if (patch === undefined) return [{ operator: '>=', version: low }, { operator: '<', version: version(major, minor + 1, 0, [0]) }];
      return [{ operator: '=', version: low }];
    }
    case '>':
      if (minor === undefined) return [{ operator: '>=', version: version(major + 1, 0, 0) }];
      if (patch === undefined) return [{ operator: '>=', version: version(major, minor + 1, 0) }];
      return [{ operator: '>', version: low }];
    case '<=':
      if (minor === undefined) return [{ operator: '<', version: version(major + 1, 0, 0, [0]) }];
      if (patch === undefined) return [{ operator: '<', version: version(major, minor + 1, 0, [0]) }];
      return [{ operator: '<=', version: low }];
    case '>=':
    case '<':
      return [{ operator, version: low }];
    default:
      return undefined;
  }
}

/** Parses a range into alternatives (`||`) of comparator sets; undefined when malformed. */
function parseRange(range: string): Comparator[][] | undefined {
  const alternatives: Comparator[][] = [];
  for (const alternative of range.split('||')) {
    const text = alternative.trim().replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1');
    const comparators: Comparator[] = [];
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) {
      const from = expandToken('>=', hyphen[1]!);
      const to = expandToken('<=', hyphen[2]!);
      if (!from || !to) return undefined;
      alternatives.push([...from, ...to]);
      continue;
    }
    if (text === '') {
      alternatives.push([]);
      continue;
    }
    for (const token of text.split(/\s+/)) {
      const match = /^(<=|>=|<|>|=|\^|~)?(.+)$/.exec(token);
      const expanded = match ? expandToken(match[1] ?? '', match[2]!) : undefined;
      if (!expanded) return undefined;
      comparators.push(...expanded);
    }
    alternatives.push(comparators);
  }
  return alternatives;
}

/**
 * Whether a range is well-formed, e.g. `^1.0.0`, `>=1.2 <2`, `1.x || 2.x`.
 *
 * @example
 * isValidRange('^1.0.0'); // true
 * isValidRange('one'); // false
 */
export function isValidRange(range: string): boolean {
  return range.trim() !== '' && parseRange(range) !== undefined;
}

function test(comparator: Comparator, candidate: SemVer): boolean {
  const order = compareVersions(candidate, comparator.version);
  switch (comparator.operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '=':
      return order === 0;
  }
}

function sameCore(a: SemVer, b: SemVer): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}

/**
 * Whether a version lies in a range (npm semantics). False for a malformed version or range.
 *
 * @example
 * satisfies('1.4.2', '^1.0.0'); // true
 * satisfies('2.0.0', '^1.0.0'); // false
 */
export function satisfies(versionText: string, range: string): boolean {
  const candidate = parseVersion(versionText);
  const alternatives = parseRange(range);
  if (!candidate || !alternatives) return false;
  return alternatives.some((comparators) => {
    if (!comparators.every((c) => test(c, candidate))) return false;
    if (candidate.prerelease.length === 0) return true;
    // A pre-release matches only when some comparator names a pre-release of the same version.
    return comparators.some((c) => c.version.prerelease.length > 0 && sameCore(c.version, candidate) && c.version.prerelease[0] !== 0);
  });
}
