# Failing over takes 5 minutes; the promise is back within 1 minute.
database "orders" {
  instances     = 2
  mode          = "active-passive"
  failover_time = "5m"
  rto           = "1m"
}
