# Three layers of 3 retries: one request can become 4 × 4 × 4 = 64 attempts.
service "web" {
  instances = 3

  call "api" {
    timeout    = "2s"
    retries    = 3
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

service "api" {
  instances = 3

  call "orders" {
    timeout    = "400ms"
    retries    = 3
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

service "orders" {
  instances = 3

  call "db" {
    timeout    = "80ms"
    retries    = 3
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

database "db" {
  instances = 2
}

journey "checkout" {
  entry   = "web"
  slo     = "99.9%"
  timeout = "10s"
}
