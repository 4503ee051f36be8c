variable "account_id" {
  description = "The Cloudflare account that owns the worker: its 32-hex-digit account ID (dashboard, Workers & Pages, Account details)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[0-9a-f]{32}$", var.account_id))
    error_message = "The account_id must be a Cloudflare account ID: exactly 32 lowercase hexadecimal digits, e.g. 023e105f4ecef8ad9ca31a8372d0c353."
  }
}

variable "zone_id" {
  description = "The zone the routes are in: its 32-hex-digit zone ID (the zone's Overview page). The same ID goes into the gateway policy's edge.cloudflare.zoneId, so that purges reach this worker's cache."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[0-9a-f]{32}$", var.zone_id))
    error_message = "The zone_id must be a Cloudflare zone ID: exactly 32 lowercase hexadecimal digits, e.g. 372e67954025e0ba6aaa6d586b9e0b59."
  }
}

variable "routes" {
  description = "Workers route patterns in the zone that the worker serves, e.g. [\"shop.example.com/*\"]: a host with an optional leading * (*.example.com, *example.com), then a path with an optional trailing * (/*, /api/*). One cloudflare_workers_route per pattern."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.routes) > 0
    error_message = "The routes list must hold at least one route pattern, e.g. [\"shop.example.com/*\"]; without one no request reaches the worker."
  }

  validation {
    condition     = length(distinct(var.routes)) == length(var.routes)
    error_message = "Each route pattern may appear in routes only once."
  }

  validation {
    condition     = alltrue([for pattern in var.routes : can(regex("^(\\*\\.?)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+/[^*?#\\s]*\\*?$", pattern))])
    error_message = "Each route pattern must be a host with an optional leading * (example.com, *.example.com or *example.com) followed by a path that starts with / and may end with * (/*, /api/*): no scheme, port, query, or * anywhere else."
  }
}

variable "gateway_url" {
  description = "Base URL of the regional Tiergate gateway the worker forwards misses to (scheme, host, optional port), e.g. https://gateway.eu.example.com. Bound as the worker's upstream (plain text)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?/?$", var.gateway_url))
    error_message = "The gateway_url must be the gateway's https:// base URL: https, a host and an optional port, with no path, query or credentials (e.g. https://gateway.eu.example.com). The worker sends the trusted-upstream secret there, so plain http is refused."
  }
}

variable "upstream_secret" {
  description = "Shared secret the worker sends to the gateway in the Tiergate-Edge-Auth request field, so that the gateway can trust its forwarding fields. Bound as a secret_text binding; pass it as TF_VAR_upstream_secret (e.g. openssl rand -hex 32), never in a committed file."
  type        = string
  sensitive   = true
  nullable    = false

  validation {
    condition     = length(var.upstream_secret) >= 32 && can(regex("^[!-~]+$", var.upstream_secret))
    error_message = "The upstream_secret must be at least 32 visible ASCII characters with no spaces, as it travels in an HTTP field: e.g. the output of openssl rand -hex 32."
  }
}

variable "policy_file" {
  description = "Path of the compiled policy: the JSON that `tiergate policy compile POLICY.yaml -o FILE` writes (e.g. policies/compiled/example.json), not the YAML. Bound as the worker's policy (a JSON binding)."
  type        = string
  nullable    = false

  validation {
    condition     = try(fileexists(var.policy_file), false)
    error_message = "The policy_file must name an existing file: the output of tiergate policy compile, e.g. policies/compiled/example.json."
  }

  validation {
    condition     = !try(fileexists(var.policy_file), false) || can(jsondecode(file(var.policy_file)))
    error_message = "The policy_file must hold the JSON that tiergate policy compile writes; compile a YAML policy first: java -jar gateway/target/tiergate.jar policy compile POLICY.yaml -o FILE."
  }

  validation {
    condition     = !can(jsondecode(file(var.policy_file))) || try(jsondecode(file(var.policy_file)).format == 1, false)
    error_message = "The policy_file must be a compiled policy of format 1, the only compiled format this worker reads (its \"format\" field); recompile the policy with the tiergate of this checkout."
  }

  validation {
    condition     = !can(jsondecode(file(var.policy_file))) || can(regex("^sha256:[0-9a-f]{64}$", jsondecode(file(var.policy_file)).hash))
    error_message = "The policy_file must carry the \"hash\" that tiergate policy compile writes (sha256: and 64 hexadecimal digits); a hand-written or edited document is refused."
  }
}

variable "jwks_file" {
  description = "Path of the public JSON Web Key Set that bearer tokens are verified against (e.g. policies/keys/demo-jwks.json), bound as the worker's JWKS (a JSON binding). Null binds an empty key set, for policies that verify no tokens."
  type        = string
  default     = null

  validation {
    condition     = var.jwks_file == null ? true : try(length(jsondecode(file(var.jwks_file)).keys) > 0, false)
    error_message = "The jwks_file must be a JSON Web Key Set file with at least one key in \"keys\" (e.g. policies/keys/demo-jwks.json), or null when the policy verifies no tokens."
  }

  validation {
    condition     = var.jwks_file == null ? true : try(alltrue([for key in jsondecode(file(var.jwks_file)).keys : !contains(keys(key), "d")]), true)
    error_message = "The jwks_file must hold public keys only: a key with a private part (\"d\") would be readable by anyone who can read the worker's bindings."
  }
}

variable "worker_bundle" {
  description = "Path of the worker bundle to upload: the file that `npm run build` in edge-worker writes (wrangler deploy --dry-run --outdir dist). Null means edge-worker/dist/worker.js beside this module."
  type        = string
  default     = null

  validation {
    condition     = var.worker_bundle == null ? true : try(fileexists(var.worker_bundle), false)
    error_message = "The worker_bundle must name an existing file: the bundle that npm run build writes in edge-worker (dist/worker.js)."
  }
}

variable "script_name" {
  description = "Name of the worker in the account."
  type        = string
  default     = "tiergate-edge"
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{0,62}$", var.script_name))
    error_message = "The script_name must be 1 to 63 lowercase letters, digits, dashes and underscores, starting with a letter or digit."
  }
}

variable "cache_status_name" {
  description = "The worker's member name in Cache-Status (RFC 9211), bound as plain text; distinct from the gateway's Tiergate so that a response shows which tier answered."
  type        = string
  default     = "tiergate-edge"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z*][-A-Za-z0-9:/!#$%&'*+.^_`|~]*$", var.cache_status_name))
    error_message = "The cache_status_name must be an RFC 8941 token (a letter or *, then letters, digits and :/!#$%&'*+-.^_`|~), e.g. tiergate-edge."
  }
}

variable "compatibility_date" {
  description = "The Workers runtime's compatibility date, YYYY-MM-DD: the date the worker's tests run with in workerd (edge-worker/wrangler.jsonc)."
  type        = string
  default     = "2026-04-01"
  nullable    = false

  validation {
    condition     = can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", var.compatibility_date)) && can(formatdate("YYYY-MM-DD", "${var.compatibility_date}T00:00:00Z"))
    error_message = "The compatibility_date must be a calendar date written YYYY-MM-DD, e.g. 2026-04-01."
  }
}

variable "compatibility_flags" {
  description = "Workers runtime compatibility flags, e.g. [\"nodejs_compat\"]; the worker needs none."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for flag in var.compatibility_flags : can(regex("^[a-z0-9_]+$", flag))])
    error_message = "Each compatibility flag must be lowercase letters, digits and underscores, e.g. nodejs_compat."
  }
}
