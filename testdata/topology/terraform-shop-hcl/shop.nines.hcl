# The shop of terraform-shop written by hand: what its Terraform and
# overlay say, in the topology language (a test checks that both give the
# same availability and findings).

zone "eu-west-1a" {
  availability = "99.95%"
}

zone "eu-west-1b" {
  availability = "99.95%"
}

zone "eu-west-1c" {
  availability = "99.95%"
}

# aws_lb.edge: a node in each of its three public subnets' zones.
load_balancer "edge" {
  instances    = 3
  zones        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  availability = "99.99%"

  call "app" {
    timeout = "5s"
  }
}

# aws_autoscaling_group.app: min_size 2 over the subnets of two zones.
service "app" {
  instances   = 2
  zones       = ["eu-west-1a", "eu-west-1b"]
  latency_p99 = "400ms"

  call "orders" {
    timeout    = "500ms"
    retries    = 1
    backoff    = "exponential"
    jitter     = true
    idempotent = true
  }

  call "sessions" {
    timeout = "50ms"
  }

  call "ledger" {
    timeout         = "800ms"
    idempotency_key = true
  }
}

# aws_instance.bastion in subnet public_a.
service "bastion" {
  zones = ["eu-west-1a"]
}

# aws_rds_cluster.orders with two aws_rds_cluster_instance (count = 2).
database "orders" {
  instances    = 2
  zones        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  mode         = "active-passive"
  engine       = "aurora-postgresql"
  availability = "99.95%"
}

# aws_elasticache_replication_group.sessions: two nodes, automatic
# failover, Multi-AZ.
cache "sessions" {
  instances   = 2
  zones       = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  mode        = "active-passive"
  replication = "async"
  engine      = "redis"
}

# aws_db_instance.ledger: multi_az = false.
database "ledger" {
  instances    = 1
  zones        = ["eu-west-1a"]
  engine       = "postgres"
  availability = "99.95%"
}

journey "checkout" {
  entry   = "edge"
  slo     = "99.9%"
  window  = "month"
  timeout = "10s"
}
