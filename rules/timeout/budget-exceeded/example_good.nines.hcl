service "web" {
  instances = 2

  call "api" {
    timeout = "1s"
  }
}

service "api" {
  instances = 2

  # Up to 3 × 300ms = 900ms, within the 1s web gives api.
  call "db" {
    timeout    = "300ms"
    retries    = 2
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

database "db" {
  instances = 2
}
