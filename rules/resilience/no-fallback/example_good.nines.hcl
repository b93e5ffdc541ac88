service "api" {
  instances = 2

  # Cached answers serve while the vendor is down.
  call "geocoder" {
    timeout         = "2s"
    circuit_breaker = true
    fallback        = "geo_cache"
  }
}

external "geocoder" {
  availability = "99.9%"
}

cache "geo_cache" {
  instances = 2
}
