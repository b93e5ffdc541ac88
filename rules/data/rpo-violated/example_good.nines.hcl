database "orders" {
  engine      = "postgresql"
  instances   = 2
  mode        = "active-passive"
  replication = "sync"
  rpo         = "5s"
}
