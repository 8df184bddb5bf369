// Suggestion figures: applyEdits + soundness gate per suggestion, and the whole `suggest` run with predictions on
// the sample process (each prediction simulates before and after). Run with `pnpm bench suggestions`.
// The root has no workspace dependencies: import the public entries by path.
import { applyEdits, checkSoundness, suggestSimplifications } from '../packages/analysis/src/index.ts';
import { LEAD_TO_QUOTE_SAMPLE } from '../packages/model/src/index.ts';

function summary(label: string, samples: readonly number[]): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`${label.padEnd(58)} median ${median.toFixed(1)} ms   min ${sorted[0]!.toFixed(1)} ms   (n=${samples.length})`);
}

const offered = await suggestSimplifications(LEAD_TO_QUOTE_SAMPLE, { predict: false });
if (!offered.ok) throw new Error('the sample cannot be analysed');
const edits = offered.suggestions.find((s) => s.suggestion.kind === 'parallelise')!.suggestion.edits;

const apply: number[] = [];
const gate: number[] = [];
for (let i = 0; i < 30; i++) {
  let t = performance.now();
  const { xml } = await applyEdits(LEAD_TO_QUOTE_SAMPLE, edits);
  apply.push(performance.now() - t);
  t = performance.now();
  await checkSoundness(xml!);
  gate.push(performance.now() - t);
}
summary('applyEdits (parallelise, sample)', apply);
summary('checkSoundness (sample)', gate);

for (const [cases, replications] of [[500, 5], [1000, 10]] as const) {
  const runs: number[] = [];
  let count = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const result = await suggestSimplifications(LEAD_TO_QUOTE_SAMPLE, { cases, replications });
    runs.push(performance.now() - t);
    if (result.ok) count = result.suggestions.length;
  }
  summary(`suggest + predict, sample, ${count} suggestions, ${cases} cases x ${replications}`, runs);
}
