// Package corpus pins popular real modules so nines can be run over every one
// of their packages: a robustness check (no panic on real code), a source of
// findings to review by hand, and the benchmark workload. See scripts/corpus.
package corpus

import (
	_ "github.com/avast/retry-go/v4"
	_ "github.com/cenkalti/backoff/v4"
	_ "github.com/cenkalti/backoff/v5"
	_ "github.com/hashicorp/consul/api"
	_ "github.com/hashicorp/go-retryablehttp"
	_ "github.com/hashicorp/vault/api"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/minio/minio-go/v7"
	_ "github.com/nats-io/nats.go"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/segmentio/kafka-go"
	_ "github.com/sethvargo/go-retry"
	_ "google.golang.org/grpc"
)
