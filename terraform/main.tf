locals {
  # The worker's bindings manifest: src/edge/EdgeConfig.js reads the binding names from the same file, so the
  # names bound here are the names the worker reads. The role -> type pairs below are checked against it.
  manifest = jsondecode(file("${path.module}/../edge-worker/bindings.json"))

  # The bundle that `npm run build` writes in edge-worker (wrangler deploy --dry-run --outdir dist).
  worker_bundle = coalesce(var.worker_bundle, "${path.module}/../edge-worker/dist/worker.js")

  policy = jsondecode(file(var.policy_file))
}

resource "cloudflare_workers_script" "edge" {
  account_id          = var.account_id
  script_name         = var.script_name
  content_file        = local.worker_bundle
  content_sha256      = filesha256(local.worker_bundle)
  main_module         = basename(local.worker_bundle)
  compatibility_date  = var.compatibility_date
  compatibility_flags = var.compatibility_flags

  # One binding per role of the manifest. A JSON binding reaches the worker parsed; the JWKS binding holds an
  # empty key set when no JWKS is given (every token then counts as invalid).
  bindings = [
    {
      name = local.manifest.policy.name
      type = "json"
      json = file(var.policy_file)
    },
    {
      name = local.manifest.jwks.name
      type = "json"
      json = var.jwks_file == null ? jsonencode({ keys = [] }) : file(var.jwks_file)
    },
    {
      name = local.manifest.upstream.name
      type = "plain_text"
      text = var.gateway_url
    },
    {
      name = local.manifest.upstreamSecret.name
      type = "secret_text"
      text = var.upstream_secret
    },
    {
      name = local.manifest.cacheStatusName.name
      type = "plain_text"
      text = var.cache_status_name
    },
  ]

  lifecycle {
    precondition {
      condition     = length(setsubtract(keys(local.manifest), ["$comment", "policy", "jwks", "upstream", "upstreamSecret", "cacheStatusName"])) == 0
      error_message = "The worker's bindings manifest (edge-worker/bindings.json) declares a binding this module does not bind; add it to the bindings in main.tf."
    }

    precondition {
      condition = (
        local.manifest.policy.type == "json" && local.manifest.jwks.type == "json" &&
        local.manifest.upstream.type == "plain_text" && local.manifest.upstreamSecret.type == "secret_text" &&
        local.manifest.cacheStatusName.type == "plain_text"
      )
      error_message = "The worker's bindings manifest (edge-worker/bindings.json) gives a binding another type than main.tf binds it with; make the two agree."
    }

    precondition {
      condition     = fileexists(local.worker_bundle)
      error_message = "The worker bundle is missing: run npm run build in edge-worker (it writes dist/worker.js), or set worker_bundle."
    }

    precondition {
      condition     = try(local.policy.jwt, null) == null || var.jwks_file != null
      error_message = "The policy verifies bearer tokens (it has a jwt section) but jwks_file is not set: every token would count as invalid and every request get the default segment."
    }
  }
}

resource "cloudflare_workers_route" "edge" {
  for_each = toset(var.routes)

  zone_id = var.zone_id
  pattern = each.value
  script  = cloudflare_workers_script.edge.script_name
}
