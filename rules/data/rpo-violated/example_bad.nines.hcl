# A failover can lose the last 30s of orders; the promise is 5s.
database "orders" {
  engine          = "postgresql"
  instances       = 2
  mode            = "active-passive"
  replication     = "async"
  replication_lag = "30s"
  rpo             = "5s"
}
