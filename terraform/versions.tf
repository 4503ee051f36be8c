terraform {
  # 1.7 for mock_provider in tests/; the module itself needs nothing newer than 1.3 (optional defaults).
  required_version = ">= 1.7.0"

  required_providers {
    cloudflare = {
      source  = "cloudflare/cloudflare"
      version = "~> 5.14"
    }
  }
}
