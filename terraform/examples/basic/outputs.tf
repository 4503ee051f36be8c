output "script_name" {
  description = "The worker's name in the account."
  value       = module.tiergate_edge.script_name
}

output "script_etag" {
  description = "The etag of the uploaded script version."
  value       = module.tiergate_edge.script_etag
}

output "route_ids" {
  description = "The ID of each route, by pattern."
  value       = module.tiergate_edge.route_ids
}

output "policy_hash" {
  description = "The hash of the compiled policy the worker was deployed with."
  value       = module.tiergate_edge.policy_hash
}
