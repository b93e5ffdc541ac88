zone "eu-1a" {}
zone "eu-1b" {}

service "api" {
  instances = 3
  zones     = ["eu-1a", "eu-1b"]

  call "db" {
    timeout = "300ms"
  }
}

# One database instance: every failure of it is an outage of checkout.
database "db" {
  engine = "postgresql"
}

journey "checkout" {
  entry = "api"
  slo   = "99.9%"
}
