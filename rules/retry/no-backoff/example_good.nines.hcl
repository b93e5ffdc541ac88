service "api" {
  instances = 2

  call "search" {
    timeout    = "300ms"
    retries    = 2
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

service "search" {
  instances = 2
}
