// Writes the baseline (test id -> pass / fail / setup-failure / harness-failure / dependency-failure) from a results file.
// Usage: node make-baseline.mjs results/latest.json > baseline.json
import { reportedOutcome, readJson } from './lib/suite.mjs'

const results = readJson(process.argv[2] || 'results/latest.json')
const baseline = Object.fromEntries(Object.keys(results).sort().map(id => [id, reportedOutcome(results, id)]))
console.log(JSON.stringify(baseline, null, 2))
