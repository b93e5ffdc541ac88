service "web" {
  instances    = 2
  availability = "99.9%"

  call "db" {
    timeout = "300ms"
  }
}

# One spare instance: any 2 of the 3 carry the load.
database "db" {
  instances    = 3
  availability = "99%"
  min_healthy  = 2
}

journey "checkout" {
  entry = "web"
  slo   = "99.95%"
}
