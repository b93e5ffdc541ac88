# What the manifests cannot say: the zones of the cluster, the edge in
# front of it, the calls between services, the payment vendor and the
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

load_balancer "edge" {
  instances    = 2
  zones        = ["eu-west-1a", "eu-west-1b"]
  availability = "99.99%"

  call "frontend" {
    timeout = "5s"
  }
}

component "frontend" {
  latency_p99 = "300ms"

  call "catalog" {}

  call "cart" {
    timeout = "800ms"
  }
}

component "cart" {
  call "orders-db" {
    timeout    = "300ms"
    retries    = 1
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }

  call "payments" {
    timeout         = "600ms"
    idempotency_key = true
  }
}

component "orders-db" {
  mode         = "active-passive"
  availability = "99.95%"
  replication  = "sync"
}

external "payments" {
  availability = "99.95%"
}

journey "checkout" {
  entry   = "edge"
  slo     = "99.9%"
  window  = "month"
  timeout = "10s"
}
