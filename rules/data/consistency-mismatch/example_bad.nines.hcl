service "cart" {
  instances = 2

  # Reads right after a write can return the old cart.
  call "carts" {
    timeout     = "100ms"
    consistency = "strong"
  }
}

database "carts" {
  engine      = "cassandra"
  instances   = 3
  consistency = "eventual"
}
