// Prints the dashboard's queries as a Prometheus rules file (Grafana's variables replaced by values Prometheus
// accepts), so that `promtool check rules` parses every one of them: a query with a syntax error fails the check.
// Usage: node dashboard-queries-as-rules.js tiergate-dashboard.json > queries.rules.yml
'use strict';
const fs = require('node:fs');

const dashboard = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const panels = (list) => list.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
const rules = [];
for (const panel of panels(dashboard.panels ?? [])) {
  for (const target of panel.targets ?? []) {
    if (!target.expr) continue;
    const expr = target.expr
      .replaceAll('$__rate_interval', '5m')
      .replaceAll('$__interval', '1m')
      .replace(/\$\{?\w+\}?/g, '.*');
    rules.push({ record: `dashboard:panel${panel.id}:${target.refId}`, expr });
  }
}
// JSON is YAML: promtool reads it as is.
process.stdout.write(JSON.stringify({ groups: [{ name: 'dashboard-queries', rules }] }, null, 2) + '\n');
