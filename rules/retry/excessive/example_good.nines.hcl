service "api" {
  instances = 2

  call "db" {
    timeout         = "300ms"
    retries         = 3
    backoff         = "exponential"
    jitter          = true
    idempotent      = true
    circuit_breaker = true
  }
}

database "db" {
  instances = 2
}
