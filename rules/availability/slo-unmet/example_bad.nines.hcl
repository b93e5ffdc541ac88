service "web" {
  instances    = 2
  availability = "99.9%"

  call "db" {
    timeout = "300ms"
  }
}

# Each of web and db is above 99.95% alone, but in series they are not.
database "db" {
  instances    = 2
  availability = "99%"
  min_healthy  = 2
}

journey "checkout" {
  entry = "web"
  slo   = "99.95%"
}
