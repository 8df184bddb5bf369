import { describe, expect, it } from 'vitest';
import { compareVersions, isValidRange, parseVersion, satisfies } from '@leanflow/plugin-api';

describe('semver', () => {
  it('parses versions and rejects malformed ones', () => {
    expect(parseVersion('1.4.0-beta.2+build.7')).toEqual({ major: 1, minor: 4, patch: 0, prerelease: ['beta', 2] });
    expect(parseVersion('1.0')).toBeUndefined();
    expect(parseVersion('01.0.0')).toBeUndefined();
  });

  it('orders versions, pre-releases before their release', () => {
    const sorted = ['1.0.0', '1.0.0-rc.1', '0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta', '2.0.0', '1.10.0', '1.2.0'].sort(compareVersions);
    expect(sorted).toEqual(['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta', '1.0.0-rc.1', '1.0.0', '1.2.0', '1.10.0', '2.0.0']);
  });

  it.each([
    ['1.0.0', '^1.0.0', true],
    ['1.9.3', '^1.0.0', true],
    ['2.0.0', '^1.0.0', false],
    ['0.2.5', '^0.2.1', true],
    ['0.3.0', '^0.2.1', false],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.5.0', '>=1.2 <2', true],
    ['2.0.0', '>=1.2 <2', false],
    ['2.3.4', '1.x || 2.x', true],
    ['3.0.0', '1.x || 2.x', false],
    ['1.0.0', '*', true],
    ['1.5.0', '1.0.0 - 1.5', true],
    ['1.6.0', '1.0.0 - 1.5', false],
    ['1.0.0', '1.0.0', true],
    ['1.0.1', '=1.0.0', false],
    ['1.1.0', '>1.0', true],
    ['1.0.9', '>1.0', false],
    ['1.0.0-beta', '^1.0.0', false],
    ['1.0.0-beta.2', '>=1.0.0-beta.1', true],
  ])('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('tells valid ranges from garbage', () => {
    expect(isValidRange('^1.0.0')).toBe(true);
    expect(isValidRange('>= 1.2.0 < 2')).toBe(true);
    expect(isValidRange('latest')).toBe(false);
    expect(isValidRange('')).toBe(false);
  });
});
