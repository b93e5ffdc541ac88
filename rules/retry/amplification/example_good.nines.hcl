# Only the outermost layer retries: at most 4 attempts reach db.
service "web" {
  instances = 3

  call "api" {
    timeout    = "1s"
    retries    = 3
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }
}

service "api" {
  instances = 3

  call "orders" {
    timeout = "400ms"
  }
}

service "orders" {
  instances = 3

  call "db" {
    timeout = "80ms"
  }
}

database "db" {
  instances = 2
}

journey "checkout" {
  entry   = "web"
  slo     = "99.9%"
  timeout = "5s"
}
