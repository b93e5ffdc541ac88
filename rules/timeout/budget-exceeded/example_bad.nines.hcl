service "web" {
  instances = 2

  call "api" {
    timeout = "1s"
  }
}

service "api" {
  instances = 2

  # Up to 4 × 800ms = 3.2s, but web gives api 1s.
  call "db" {
    timeout    = "800ms"
    retries    = 3
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

database "db" {
  instances = 2
}
