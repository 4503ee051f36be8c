// Prints pass/fail counts by kind and the failing required tests of a results file. A test whose
// dependency (depends_on) fails counts as a dependency failure, as in the suite's own report.
// Usage: node summarize.mjs results/latest.json
import { tests, reportedOutcome, readJson, plainName } from './lib/suite.mjs'

const results = readJson(process.argv[2] || 'results/latest.json')
const counts = {}
const failingRequired = []
for (const [id, result] of Object.entries(results)) {
  const test = tests.get(id)
  const kind = test ? test.kind : 'unknown'
  const word = reportedOutcome(results, id)
  counts[kind] ??= { pass: 0, fail: 0, 'setup-failure': 0, 'harness-failure': 0, 'dependency-failure': 0 }
  counts[kind][word]++
  if (kind === 'required' && word !== 'pass') failingRequired.push([id, word, test, result])
}

console.log(`${Object.keys(results).length} tests`)
for (const [kind, c] of Object.entries(counts)) {
  console.log(`  ${kind.padEnd(9)} ${String(c.pass).padStart(3)} passed, ${String(c.fail).padStart(3)} failed, ` +
    `${c['setup-failure'] + c['harness-failure']} setup/harness failures, ${c['dependency-failure']} dependency failures`)
}
console.log(`Failing required tests (${failingRequired.length}):`)
for (const [id, word, test, result] of failingRequired) {
  console.log(`  ${id} [${word}] ${plainName(test)}`)
  if (Array.isArray(result)) console.log(`      ${result[1]}`)
}
