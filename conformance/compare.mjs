// Compares a results file with the baseline: exits 1 when a test that passes in the baseline
// does not pass now; lists the tests that newly pass.
// Usage: node compare.mjs baseline.json results/latest.json
import { tests, reportedOutcome, readJson, plainName } from './lib/suite.mjs'

const baseline = readJson(process.argv[2] || 'baseline.json')
const results = readJson(process.argv[3] || 'results/latest.json')
const regressions = []
const newlyPassing = []
for (const [id, was] of Object.entries(baseline)) {
  const now = id in results ? reportedOutcome(results, id) : 'missing'
  if (was === 'pass' && now !== 'pass') regressions.push(`  ${id} [${now}] ${plainName(tests.get(id))}`)
  if (was !== 'pass' && now === 'pass') newlyPassing.push(`  ${id} ${plainName(tests.get(id))}`)
}
for (const id of Object.keys(results)) {
  if (!(id in baseline) && reportedOutcome(results, id) === 'pass') newlyPassing.push(`  ${id} (not in baseline) ${plainName(tests.get(id))}`)
}
if (newlyPassing.length) console.log(`Newly passing (${newlyPassing.length}); update the baseline:\n${newlyPassing.join('\n')}`)
if (regressions.length) {
  console.log(`REGRESSIONS: passing in the baseline, not now (${regressions.length}):\n${regressions.join('\n')}`)
  process.exit(1)
}
console.log('No regressions against the baseline.')
