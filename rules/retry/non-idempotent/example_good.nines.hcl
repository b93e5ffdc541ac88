service "checkout" {
  instances = 2

  # The provider deduplicates on the key: a retry cannot charge twice.
  call "payments" {
    timeout         = "2s"
    retries         = 2
    backoff         = "exponential"
    jitter          = true
    idempotency_key = true
    circuit_breaker = true
    fallback        = "payments_queue"
  }
}

external "payments" {
  availability = "99.95%"
}

queue "payments_queue" {
  instances = 3
}
