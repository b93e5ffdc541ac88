service "web" {
  instances = 2

  # 3 attempts of 330ms fit in the 1s the call is given, and 330ms is
  # above api's p99 of 250ms + 20%.
  call "api" {
    timeout       = "330ms"
    total_timeout = "1s"
    retries       = 2
    backoff       = "exponential"
    jitter        = true
    idempotent    = true
  }
}

service "api" {
  instances   = 2
  latency_p99 = "250ms"
}
