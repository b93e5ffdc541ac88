service "api" {
  instances = 2

  # api is down whenever the vendor is.
  call "geocoder" {
    timeout         = "2s"
    circuit_breaker = true
  }
}

external "geocoder" {
  availability = "99.9%"
}
