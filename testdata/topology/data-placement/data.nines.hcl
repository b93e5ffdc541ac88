# Promises about data that the placement cannot keep: an RPO shorter than
# the replication lag, an RTO shorter than the failover, a strong read from
# an eventually consistent cache, a failover that waits for a human, and
# sessions kept in process memory behind a load balancer.

zone "eu-central-1a" {
  availability = "99.99%"
}

zone "eu-central-1b" {
  availability = "99.99%"
}

service "accounts" {
  instances = 3
  zones     = ["eu-central-1a", "eu-central-1b"]
  stateless = false

  call "ledger" {
    timeout    = "300ms"
    retries    = 1
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }

  call "balances" {
    timeout     = "20ms"
    idempotent  = true
    consistency = "strong"
  }

  call "reports" {
    timeout  = "2s"
    required = false
  }
}

database "ledger" {
  engine          = "postgresql"
  instances       = 2
  zones           = ["eu-central-1a", "eu-central-1b"]
  mode            = "active-passive"
  failover        = "manual"
  failover_time   = "15m"
  replication     = "async"
  replication_lag = "30s"
  rpo             = "5s"
  rto             = "5m"
  availability    = "99.95%"
}

cache "balances" {
  engine      = "redis"
  instances   = 3
  zones       = ["eu-central-1a", "eu-central-1b"]
  consistency = "eventual"
  replication = "async"
}

database "reports" {
  engine      = "cassandra"
  instances   = 3
  zones       = ["eu-central-1a", "eu-central-1b"]
  consistency = "eventual"
  replication = "async"
}

journey "transfer" {
  entry  = "accounts"
  slo    = "99.9%"
  window = "year"
}
