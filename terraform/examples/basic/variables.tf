variable "account_id" {
  description = "The Cloudflare account ID (32 hexadecimal digits)."
  type        = string
}

variable "zone_id" {
  description = "The ID of the zone the routes are in (32 hexadecimal digits)."
  type        = string
}

variable "routes" {
  description = "The Workers route patterns the worker serves, e.g. [\"shop.example.com/*\"]."
  type        = list(string)
}

variable "gateway_url" {
  description = "The regional gateway's https:// base URL, e.g. https://gateway.eu.example.com."
  type        = string
}

variable "upstream_secret" {
  description = "The secret the worker sends to the gateway in Tiergate-Edge-Auth; set TF_VAR_upstream_secret."
  type        = string
  sensitive   = true
}
