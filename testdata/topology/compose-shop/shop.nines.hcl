# What the Compose file cannot say: the zones of the swarm, the journey
# with its objective, how available one container is, and the timeouts
# and retries of the calls that depends_on names.

zone "zone-a" {
  availability = "99.95%"
}

zone "zone-b" {
  availability = "99.95%"
}

zone "zone-c" {
  availability = "99.95%"
}

component "proxy" {
  availability = "99.99%"

  call "web" {
    timeout = "5s"
  }
}

component "web" {
  latency_p99 = "250ms"

  call "cart" {
    timeout = "800ms"
    retries = 1
    backoff = "exponential"
    jitter  = true
  }

  call "search" {
    timeout = "300ms"
  }
}

component "cart" {
  call "db" {
    timeout    = "300ms"
    retries    = 1
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }

  call "cache" {
    timeout = "50ms"
  }
}

component "db" {
  availability = "99.95%"
}

journey "checkout" {
  entry   = "proxy"
  slo     = "99.9%"
  window  = "month"
  timeout = "10s"
}
