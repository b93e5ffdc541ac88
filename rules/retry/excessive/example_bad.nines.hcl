service "api" {
  instances = 2

  # Retries forever: during an outage of db, the load never lets it recover.
  call "db" {
    timeout    = "300ms"
    retries    = -1
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

database "db" {
  instances = 2
}
