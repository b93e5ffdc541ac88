service "api" {
  instances = 2

  # p99 + 20%.
  call "search" {
    timeout = "300ms"
  }
}

service "search" {
  instances   = 2
  latency_p99 = "250ms"
}
