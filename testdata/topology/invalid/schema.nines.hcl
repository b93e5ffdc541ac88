zone "a" {
  availability = "150%"
}

service "api" {
  instances    = 0
  availability = 99.9
  mode         = "active-standby"
  latency_p99  = "fast"
  colour       = "blue"

  call "db" {
    timeout = 2
    retries = "3"
  }
}

database "db" {
  zones = ["a", "a"]
}

journey "checkout" {
  slo    = "99.9"
  window = "fortnight"
}

exception {
  rule    = "spof/single-instance"
  subject = "db"
}
