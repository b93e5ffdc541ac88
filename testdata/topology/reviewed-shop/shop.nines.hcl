# The same shop after a reliability review: three zones, redundancy at
# every tier, sessions in a replicated cache, bounded and jittered retries
# of idempotent calls, and a queue to take orders when the payment vendor
# is down.

zone "eu-west-1a" {
  availability = "99.99%"
}

zone "eu-west-1b" {
  availability = "99.99%"
}

zone "eu-west-1c" {
  availability = "99.99%"
}

load_balancer "lb" {
  instances    = 2
  zones        = ["eu-west-1a", "eu-west-1b"]
  availability = "99.99%"

  call "web" {
    timeout = "5s"
  }
}

service "web" {
  instances     = 3
  zones         = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  latency_p99   = "250ms"
  stateless     = false
  session_store = "sessions"

  call "sessions" {
    timeout     = "50ms"
    retries     = 1
    backoff     = "exponential"
    jitter      = true
    idempotent  = true
    consistency = "eventual"
  }

  call "api" {
    timeout         = "1s"
    retries         = 2
    backoff         = "exponential"
    jitter          = true
    idempotency_key = true
  }
}

cache "sessions" {
  engine      = "redis"
  instances   = 3
  zones       = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  consistency = "eventual"
  replication = "async"
  latency_p99 = "5ms"
}

service "api" {
  instances   = 3
  zones       = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  latency_p99 = "400ms"

  call "db" {
    timeout    = "150ms"
    retries    = 1
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }

  call "payments" {
    timeout         = "100ms"
    retries         = 1
    backoff         = "exponential"
    jitter          = true
    idempotency_key = true
    circuit_breaker = true
    fallback        = "orders-queue"
  }
}

database "db" {
  engine          = "postgresql"
  instances       = 2
  zones           = ["eu-west-1a", "eu-west-1b"]
  mode            = "active-passive"
  failover        = "automatic"
  failover_time   = "30s"
  mttr            = "1h"
  replication     = "sync"
  rpo             = "0s"
  rto             = "1m"
  latency_p99     = "20ms"
  availability    = "99.95%"
}

queue "orders-queue" {
  engine      = "sqs"
  instances   = 3
  zones       = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  latency_p99 = "30ms"
}

external "payments" {
  availability = "99.9%"
  latency_p99  = "80ms"
}

journey "checkout" {
  entry   = "lb"
  slo     = "99.9%"
  window  = "month"
  timeout = "10s"
}

journey "browse" {
  entry   = "web"
  slo     = "99.9%"
  window  = "30d"
  timeout = "5s"
}
