# Plan-only tests of the module against a mocked provider: nothing is sent to Cloudflare. They need
# Terraform >= 1.7 and the cloudflare provider's schema (terraform init downloads it); where the registry
# cannot be reached, edge-worker/test/terraform checks the module offline instead.
#   cd terraform && terraform init -backend=false && terraform test

mock_provider "cloudflare" {}

variables {
  account_id      = "023e105f4ecef8ad9ca31a8372d0c353"
  zone_id         = "372e67954025e0ba6aaa6d586b9e0b59"
  routes          = ["shop.example.com/*", "shop.example.com/static/*"]
  gateway_url     = "https://gateway.eu.example.com"
  upstream_secret = "0123456789abcdef0123456789abcdef"
  policy_file     = "../policies/compiled/example.json"
  jwks_file       = "../policies/keys/demo-jwks.json"
  # Any existing file does against the mock, which uploads nothing; a real plan takes the built bundle.
  worker_bundle = "../edge-worker/src/worker.js"
}

run "binds_every_name_of_the_worker_manifest" {
  command = plan

  assert {
    condition = toset([for binding in cloudflare_workers_script.edge.bindings : binding.name]) == toset([
      for role, binding in jsondecode(file("../edge-worker/bindings.json")) : binding.name if role != "$comment"
    ])
    error_message = "The worker's bindings are not exactly the names in edge-worker/bindings.json."
  }

  assert {
    condition = [for binding in cloudflare_workers_script.edge.bindings : binding.type] == [
      "json", "json", "plain_text", "secret_text", "plain_text"
    ]
    error_message = "The policy and the JWKS must be JSON bindings, the upstream and the Cache-Status name plain text, the secret secret_text."
  }

  assert {
    condition     = jsondecode(one([for binding in cloudflare_workers_script.edge.bindings : binding.json if binding.name == "TIERGATE_POLICY"])).hash == jsondecode(file("../policies/compiled/example.json")).hash
    error_message = "The policy binding does not hold the compiled policy file."
  }

  assert {
    condition     = one([for binding in cloudflare_workers_script.edge.bindings : binding.text if binding.name == "TIERGATE_UPSTREAM"]) == "https://gateway.eu.example.com"
    error_message = "The upstream binding does not hold gateway_url."
  }

  assert {
    condition     = cloudflare_workers_script.edge.main_module == "worker.js" && cloudflare_workers_script.edge.compatibility_date == "2026-04-01"
    error_message = "The script must be the ES module worker.js on the worker's tested compatibility date."
  }

  assert {
    condition     = output.policy_hash == jsondecode(file("../policies/compiled/example.json")).hash
    error_message = "The policy_hash output is not the compiled policy's hash."
  }
}

run "creates_one_route_per_pattern" {
  command = plan

  assert {
    condition     = length(cloudflare_workers_route.edge) == 2
    error_message = "Expected one route per pattern."
  }

  assert {
    condition     = cloudflare_workers_route.edge["shop.example.com/static/*"].script == "tiergate-edge" && cloudflare_workers_route.edge["shop.example.com/static/*"].zone_id == "372e67954025e0ba6aaa6d586b9e0b59"
    error_message = "A route must send its pattern in the zone to the worker."
  }
}

run "binds_an_empty_key_set_without_a_jwks_file_when_the_policy_verifies_no_tokens" {
  command = plan

  variables {
    # A conformance policy without a jwt section.
    policy_file = "../policies/conformance/compiled/respect.json"
    jwks_file   = null
  }

  assert {
    condition     = jsondecode(one([for binding in cloudflare_workers_script.edge.bindings : binding.json if binding.name == "TIERGATE_JWKS"])) == { keys = [] }
    error_message = "Without jwks_file the JWKS binding must hold an empty key set."
  }
}

run "refuses_a_policy_that_verifies_tokens_without_a_jwks_file" {
  command = plan

  variables {
    jwks_file = null
  }

  expect_failures = [cloudflare_workers_script.edge]
}

run "refuses_an_account_id_that_is_not_32_hex_digits" {
  command = plan

  variables {
    account_id = "023E105F4ECEF8AD9CA31A8372D0C353"
  }

  expect_failures = [var.account_id]
}

run "refuses_a_zone_id_that_is_not_32_hex_digits" {
  command = plan

  variables {
    zone_id = "372e6795"
  }

  expect_failures = [var.zone_id]
}

run "refuses_a_route_pattern_with_an_inner_wildcard" {
  command = plan

  variables {
    routes = ["shop.example.com/api/*/items"]
  }

  expect_failures = [var.routes]
}

run "refuses_a_plain_http_gateway" {
  command = plan

  variables {
    gateway_url = "http://gateway.eu.example.com"
  }

  expect_failures = [var.gateway_url]
}

run "refuses_a_policy_that_was_not_compiled" {
  command = plan

  variables {
    policy_file = "../policies/example.yaml"
  }

  expect_failures = [var.policy_file]
}

run "refuses_a_compatibility_date_not_written_yyyy_mm_dd" {
  command = plan

  variables {
    compatibility_date = "2026-4-1"
  }

  expect_failures = [var.compatibility_date]
}

run "refuses_a_short_upstream_secret" {
  command = plan

  variables {
    upstream_secret = "secret"
  }

  expect_failures = [var.upstream_secret]
}
