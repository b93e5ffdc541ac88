service "web" {
  instances = 2

  # 3 attempts of 800ms need 2.4s, but the call gives up after 1s: a
  # timed-out attempt is never retried.
  call "api" {
    timeout       = "800ms"
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
