service "api" {
  instances = 3

  call "payments" {
    timeout         = "2s"
    circuit_breaker = true
  }
}

# The vendor promises 99.9%: a 99.95% journey through it cannot be met.
external "payments" {
  availability = "99.9%"
}

journey "checkout" {
  entry = "api"
  slo   = "99.95%"
}
