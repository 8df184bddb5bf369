// Browser tests drive Debian's Chromium through playwright-core (Playwright cannot download browsers here).
// Installs it with apt-get when missing and we are root; otherwise explains what to do.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const executable = process.env.LEANFLOW_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(executable)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Chromium is missing at ${executable}. Install it with: sudo apt-get update && sudo apt-get install -y chromium`);
  console.error('or point LEANFLOW_CHROMIUM at a Chromium/Chrome executable.');
  process.exit(1);
}
console.log('Chromium is missing: installing it from Debian (apt-get install chromium)...');
execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
if (!existsSync(executable)) {
  console.error(`apt-get finished but ${executable} is still missing.`);
  process.exit(1);
}
