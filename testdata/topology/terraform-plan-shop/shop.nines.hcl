# What the Terraform cannot say: the zones with their availability, the
# calls between the resources, how available one instance is, and the
# journey with its objective.

zone "eu-west-1a" {
  availability = "99.95%"
}

zone "eu-west-1b" {
  availability = "99.95%"
}

zone "eu-west-1c" {
  availability = "99.95%"
}

component "edge" {
  availability = "99.99%"

  call "app" {
    timeout = "5s"
  }
}

component "app" {
  latency_p99 = "400ms"

  call "orders" {
    timeout    = "500ms"
    retries    = 1
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }

  call "sessions" {
    timeout = "50ms"
  }

  call "ledger" {
    timeout         = "800ms"
    idempotency_key = true
  }
}

component "orders" {
  availability = "99.95%"
}

component "ledger" {
  availability = "99.95%"
}

journey "checkout" {
  entry   = "edge"
  slo     = "99.9%"
  window  = "month"
  timeout = "10s"
}
