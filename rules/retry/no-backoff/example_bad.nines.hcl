service "api" {
  instances = 2

  # Retries immediately, in a burst, while search is struggling.
  call "search" {
    timeout    = "300ms"
    retries    = 2
    idempotent = true
  }
}

service "search" {
  instances = 2
}
