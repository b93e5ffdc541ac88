service "checkout" {
  instances = 2

  # A retry after a timeout can charge the customer twice.
  call "payments" {
    timeout         = "2s"
    retries         = 2
    backoff         = "exponential"
    jitter          = true
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
