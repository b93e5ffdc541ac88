service "api" {
  instances = 2

  # Every client waits the same 100ms, 200ms, 400ms: synchronised waves.
  call "search" {
    timeout    = "300ms"
    retries    = 2
    backoff    = "exponential"
    idempotent = true
  }
}

service "search" {
  instances = 2
}
