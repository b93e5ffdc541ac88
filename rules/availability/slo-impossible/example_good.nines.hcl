service "api" {
  instances = 3

  call "payments" {
    timeout         = "2s"
    circuit_breaker = true
    fallback        = "payments_backup"
  }
}

external "payments" {
  availability = "99.9%"
}

# A second provider takes over when the first is down.
external "payments_backup" {
  availability = "99.9%"
}

journey "checkout" {
  entry = "api"
  slo   = "99.95%"
}
