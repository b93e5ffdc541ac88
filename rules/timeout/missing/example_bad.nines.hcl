service "api" {
  instances = 2

  # No timeout: api hangs as long as search does.
  call "search" {}
}

service "search" {
  instances   = 2
  latency_p99 = "250ms"
}
