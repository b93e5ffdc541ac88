zone "eu-1a" {}

service "api" {
  zones         = ["eu-1a", "eu-1b"]
  stateless     = false
  session_store = "redis"

  call "db" {
    timeout  = "1s"
    fallback = "replica"
  }

  call "search" {
    timeout = "1s"
  }
}

database "db" {
  instances   = 2
  min_healthy = 3
}

cache "db" {}

journey "checkout" {
  entry = "frontend"
  slo   = "99.9%"
}
