zone "eu-1a" {}
zone "eu-1b" {}

service "api" {
  instances = 3
  zones     = ["eu-1a", "eu-1b"]

  call "db" {
    timeout = "300ms"
  }
}

# A primary and a replica with automatic failover, in two zones.
database "db" {
  engine      = "postgresql"
  instances   = 2
  zones       = ["eu-1a", "eu-1b"]
  mode        = "active-passive"
  replication = "sync"
}

journey "checkout" {
  entry = "api"
  slo   = "99.9%"
}
