# The edge worker in front of a regional gateway, with the compiled example policy (policies/example.yaml,
# compiled to policies/compiled/example.json) and the demo JWKS. Copy terraform.tfvars.example to
# terraform.tfvars, fill in the account, zone, routes and gateway, and pass the secret in the environment:
#   export CLOUDFLARE_API_TOKEN=...                         # Workers Scripts:Edit, Workers Routes:Edit
#   export TF_VAR_upstream_secret="$(openssl rand -hex 32)" # and give the gateway the same value
terraform {
  required_version = ">= 1.7.0"

  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.14"
    }
  }
}

# Reads the API token from CLOUDFLARE_API_TOKEN.
provider "cloudflare" {}

module "tiergate_edge" {
  source = "../.."

  account_id      = var.account_id
  zone_id         = var.zone_id
  routes          = var.routes
  gateway_url     = var.gateway_url
  upstream_secret = var.upstream_secret

  policy_file = "${path.module}/../../../policies/compiled/example.json"
  jwks_file   = "${path.module}/../../../policies/keys/demo-jwks.json"
}
