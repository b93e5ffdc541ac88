# The shop of k8s-shop written by hand: what its manifests and overlay
# say, in the topology language (a test checks that both give the same
# availability).

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

# Deployment shop-frontend behind Service frontend: 3 replicas spread
# over the zones.
service "frontend" {
  instances   = 3
  zones       = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  latency_p99 = "300ms"

  # VirtualService catalog (its default route) and DestinationRule catalog.
  call "catalog" {
    timeout         = "1s"
    total_timeout   = "3s"
    retries         = 3
    backoff         = "exponential"
    jitter          = true
    idempotent      = true
    circuit_breaker = true
  }

  # VirtualService cart without retries: Istio's two, within its 1s.
  call "cart" {
    timeout       = "800ms"
    total_timeout = "1s"
    retries       = 2
    backoff       = "exponential"
    jitter        = true
  }
}

# HPA minReplicas 3, PDB minAvailable 2, anti-affinity on zones.
service "catalog" {
  instances   = 3
  min_healthy = 2
  zones       = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

# replicas: 1 and nothing spreading it: one zone.
service "cart" {
  instances = 1
  zones     = ["eu-west-1a"]

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

# StatefulSet shop-orders-db: 2 replicas, PDB maxUnavailable 1.
database "orders-db" {
  instances    = 2
  min_healthy  = 1
  zones        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
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
