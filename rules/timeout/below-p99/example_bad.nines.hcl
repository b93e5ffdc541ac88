service "api" {
  instances = 2

  # Below the p99 of search: more than 1% of calls time out.
  call "search" {
    timeout = "200ms"
  }
}

service "search" {
  instances   = 2
  latency_p99 = "250ms"
}
