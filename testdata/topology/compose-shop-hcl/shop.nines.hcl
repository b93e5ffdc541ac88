# The shop of compose-shop written by hand: what its compose.yaml and
# overlay say, in the topology language (a test checks that both give the
# same availability and findings).

zone "zone-a" {
  availability = "99.95%"
}

zone "zone-b" {
  availability = "99.95%"
}

zone "zone-c" {
  availability = "99.95%"
}

# proxy: nines.dev/kind load_balancer, 2 replicas spread over the zone
# label; depends_on web.
load_balancer "proxy" {
  instances    = 2
  zones        = ["zone-a", "zone-b", "zone-c"]
  availability = "99.99%"

  call "web" {
    timeout = "5s"
  }
}

# web: 3 replicas spread over zones; depends_on cart, and search with
# required: false.
service "web" {
  instances   = 3
  zones       = ["zone-a", "zone-b", "zone-c"]
  latency_p99 = "250ms"

  call "cart" {
    timeout = "800ms"
    retries = 1
    backoff = "exponential"
    jitter  = true
  }

  call "search" {
    timeout  = "300ms"
    required = false
  }
}

# search: no deploy section, one container on one host.
service "search" {
  zones = ["zone-a"]
}

# cart: deploy.replicas 1, no placement preference.
service "cart" {
  instances = 1
  zones     = ["zone-a"]

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

# worker: links cache (as redis) after depends_on db.
service "worker" {
  zones = ["zone-a"]

  call "db" {}

  call "cache" {}
}

# db: the nines.dev/kind=database label in the list form; no deploy.
database "db" {
  zones        = ["zone-a"]
  availability = "99.95%"
}

# cache: 2 replicas spread over zones.
cache "cache" {
  instances = 2
  zones     = ["zone-a", "zone-b", "zone-c"]
}

journey "checkout" {
  entry   = "proxy"
  slo     = "99.9%"
  window  = "month"
  timeout = "10s"
}
