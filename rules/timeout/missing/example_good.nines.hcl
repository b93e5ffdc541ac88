service "api" {
  instances = 2

  call "search" {
    timeout = "300ms"
  }
}

service "search" {
  instances   = 2
  latency_p99 = "250ms"
}
