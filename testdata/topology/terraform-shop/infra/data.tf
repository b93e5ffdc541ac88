# The shop's data: orders in an Aurora PostgreSQL cluster of two
# instances, sessions in a Redis replication group, and the ledger in a
# single-AZ PostgreSQL instance (a Multi-AZ migration is planned).

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_subnet_group" "shop" {
  name       = "shop"
  subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id, aws_subnet.private_c.id]
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier   = "shop-orders"
  engine               = "aurora-postgresql"
  engine_version       = "16.4"
  database_name        = "orders"
  master_username      = "shop"
  master_password      = var.db_password
  db_subnet_group_name = aws_db_subnet_group.shop.name
  availability_zones   = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

resource "aws_rds_cluster_instance" "orders" {
  count              = 2
  identifier         = "shop-orders-${count.index}"
  cluster_identifier = aws_rds_cluster.orders.id
  instance_class     = "db.r7g.large"
  engine             = aws_rds_cluster.orders.engine
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "shop-sessions"
  description                = "shop sessions"
  engine                     = "redis"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  port                       = 6379
}

resource "aws_db_instance" "ledger" {
  identifier           = "shop-ledger"
  engine               = "postgres"
  engine_version       = "16.4"
  instance_class       = "db.m7g.large"
  allocated_storage    = 100
  username             = "ledger"
  password             = var.db_password
  db_subnet_group_name = aws_db_subnet_group.shop.name
  multi_az             = false
  skip_final_snapshot  = false
}
