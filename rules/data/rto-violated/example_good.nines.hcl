database "orders" {
  instances     = 2
  mode          = "active-passive"
  failover_time = "30s"
  rto           = "1m"
}
