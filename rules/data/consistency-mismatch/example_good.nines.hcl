service "cart" {
  instances = 2

  call "carts" {
    timeout     = "100ms"
    consistency = "strong"
  }
}

database "carts" {
  engine      = "postgresql"
  instances   = 2
  mode        = "active-passive"
  consistency = "strong"
  replication = "sync"
}
