output "script_name" {
  description = "The worker's name in the account."
  value       = cloudflare_workers_script.edge.script_name
}

output "script_id" {
  description = "The worker's ID, as Cloudflare reports it."
  value       = cloudflare_workers_script.edge.id
}

output "script_etag" {
  description = "The etag of the uploaded script, which changes with each new version: compare it before and after a roll back."
  value       = cloudflare_workers_script.edge.etag
}

output "route_ids" {
  description = "The ID of each route, by pattern."
  value       = { for pattern, route in cloudflare_workers_route.edge : pattern => route.id }
}

output "binding_names" {
  description = "The name of each of the worker's bindings, by role of edge-worker/bindings.json (policy, jwks, upstream, upstreamSecret, cacheStatusName)."
  value       = { for role, binding in local.manifest : role => binding.name if role != "$comment" }
}

output "policy_hash" {
  description = "The hash of the compiled policy the worker was deployed with (the compiled document's hash field): note it to know which policy to roll back to."
  value       = local.policy.hash
}
