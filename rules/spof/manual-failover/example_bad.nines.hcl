zone "eu-1a" {}
zone "eu-1b" {}

service "api" {
  instances = 2
  zones     = ["eu-1a", "eu-1b"]

  call "db" {
    timeout = "300ms"
  }
}

# The replica waits for someone to promote it.
database "db" {
  instances = 2
  zones     = ["eu-1a", "eu-1b"]
  mode      = "active-passive"
  failover  = "manual"
}

journey "checkout" {
  entry = "api"
  slo   = "99.9%"
}
