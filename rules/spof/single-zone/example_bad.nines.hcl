zone "eu-1a" { availability = "99.95%" }
zone "eu-1b" { availability = "99.95%" }

service "api" {
  instances = 3
  zones     = ["eu-1a", "eu-1b"]

  call "cache" {
    timeout = "50ms"
  }
}

# Two instances, but both in eu-1a: a zone outage takes the cache down.
cache "cache" {
  instances = 2
  zones     = ["eu-1a"]
}

journey "browse" {
  entry = "api"
  slo   = "99.9%"
}
