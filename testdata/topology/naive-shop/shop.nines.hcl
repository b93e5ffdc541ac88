# A three-tier shop as first drawn on a whiteboard: one of everything, in
# one zone, with the defaults nobody questioned.

zone "eu-west-1a" {
  availability = "99.99%"
}

load_balancer "lb" {
  zones = ["eu-west-1a"]

  call "web" {
    timeout = "5s"
  }
}

service "web" {
  instances   = 2
  zones       = ["eu-west-1a"]
  latency_p99 = "250ms"
  stateless   = false # sessions live in process memory

  call "api" {
    timeout = "2s"
    retries = 3
    backoff = "constant"
  }
}

service "api" {
  instances   = 2
  zones       = ["eu-west-1a"]
  latency_p99 = "400ms"

  call "db" {
    timeout = "1s"
    retries = 2
    backoff = "exponential"
  }

  call "payments" {
    retries    = 2
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

database "db" {
  engine      = "postgresql"
  zones       = ["eu-west-1a"]
  latency_p99 = "1.5s"
}

external "payments" {
  availability = "99.9%"
  latency_p99  = "800ms"
}

journey "checkout" {
  entry   = "lb"
  slo     = "99.95%"
  window  = "month"
  timeout = "10s"
}
