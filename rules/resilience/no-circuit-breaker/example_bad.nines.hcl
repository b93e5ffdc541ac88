service "api" {
  instances = 2

  # When the vendor hangs, every request waits 2s for it.
  call "geocoder" {
    timeout  = "2s"
    fallback = "geo_cache"
  }
}

external "geocoder" {
  availability = "99.9%"
}

cache "geo_cache" {
  instances = 2
}
