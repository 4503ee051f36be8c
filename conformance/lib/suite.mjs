// The suite's test definitions, and how one recorded result is read: shared by the scripts beside.
import suites from 'http-cache-tests/tests/index.mjs'
import surrogate from 'http-cache-tests/tests/surrogate-control.mjs'
import { readFileSync } from 'node:fs'

/** Every test the suite's CLI runs (it adds the Surrogate-Control suite too), by id. */
export const tests = new Map()
for (const suite of [...suites, surrogate]) {
  for (const test of suite.tests) {
    if (test.browser_only === true) continue // the CLI skips these: they need a browser cache
    tests.set(test.id, { ...test, kind: test.kind || 'required', suite: suite.name })
  }
}

/** A recorded result as one word: the CLI stores true, or [error name, message]. */
export function outcome (result) {
  if (result === true) return 'pass'
  if (Array.isArray(result) && result[0] === 'Setup') return 'setup-failure'
  if (Array.isArray(result) && result[0] === 'Assertion') return 'fail'
  return 'harness-failure'
}

/**
 * The outcome as the suite's own report shows it: a test that does not pass while one of the tests
 * it depends on (depends_on) does not pass either is a dependency failure, not a failure of its own.
 */
export function reportedOutcome (results, id) {
  const word = outcome(results[id])
  const dependsOn = (tests.get(id) || {}).depends_on || []
  if (word !== 'pass' && dependsOn.some(dep => outcome(results[dep]) !== 'pass')) return 'dependency-failure'
  return word
}

export function readJson (file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

/** Test names are Markdown: drop the backquotes for the console. */
export function plainName (test) {
  return test ? test.name.replaceAll('`', '') : '(not in the suite)'
}
