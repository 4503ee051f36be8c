// Reruns, one at a time, the tests of a results file that ended in a setup or harness failure and,
// given a baseline, those that pass there but not here; records their new results in place.
// Why: in a full run the suite's tests share the gateway's pooled origin connections, and one suite
// test (304-etag-update-response-Content-Length) has the suite's server send more body bytes than its
// Content-Length; the extra bytes corrupt the next response on that connection (a 502 to some other test).
// Usage: node rerun-alone.mjs http://127.0.0.1:PORT results/latest.json [baseline.json]
import { existsSync, writeFileSync } from 'node:fs'
import fetch from 'node-fetch'
import { runTests, getResults } from 'http-cache-tests/client/runner.mjs'
import { tests, outcome, reportedOutcome, readJson } from './lib/suite.mjs'

const [base, file, baselineFile] = process.argv.slice(2)
const results = readJson(file)
const baseline = baselineFile && existsSync(baselineFile) ? readJson(baselineFile) : {}
const again = Object.keys(results).filter(id => tests.has(id) &&
  (['setup-failure', 'harness-failure'].includes(outcome(results[id])) ||
   (baseline[id] === 'pass' && reportedOutcome(results, id) !== 'pass')))
if (again.length) {
  await runTests([{ name: 'rerun', id: 'rerun', tests: again.map(id => tests.get(id)) }], fetch, false, base, 1)
  for (const [id, result] of Object.entries(getResults())) {
    console.log(`rerun alone: ${id} ${outcome(results[id])} -> ${outcome(result)}`)
    results[id] = result
  }
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
}
