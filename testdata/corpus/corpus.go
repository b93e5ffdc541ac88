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
	_ "github.com/hashicorp/vault/api/tokenhelper"
	_ "github.com/jackc/pgx/v5"
	_ "github.com/minio/minio-go/v7"
	_ "github.com/nats-io/nats.go"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/segmentio/kafka-go"
	_ "github.com/sethvargo/go-retry"
	_ "google.golang.org/grpc"
	_ "google.golang.org/grpc/admin"
	_ "google.golang.org/grpc/authz"
	_ "google.golang.org/grpc/credentials/oauth"
	_ "google.golang.org/grpc/credentials/tls/certprovider/pemfile"
	_ "google.golang.org/grpc/grpclog/glogger"
	_ "google.golang.org/grpc/interop"
	_ "google.golang.org/grpc/orca"
	_ "google.golang.org/grpc/security/advancedtls"
	_ "google.golang.org/grpc/stats/opentelemetry"
	_ "google.golang.org/grpc/stats/opentelemetry/csm"
	_ "google.golang.org/grpc/xds"
)
