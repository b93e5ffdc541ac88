// Package corpus pins popular modules whose code retries for real (cloud SDK
// transports, database and message-queue drivers, HTTP clients), so the retry
// analyzers can be reviewed on code written to retry. testdata/corpus is the
// general corpus; this one is for precision reviews of retrybound,
// retrybackoff and retryidempotent. See docs/review/retry-precision.md.
package corpus

import (
	_ "github.com/Azure/azure-sdk-for-go/sdk/azcore"
	_ "github.com/ClickHouse/clickhouse-go/v2"
	_ "github.com/IBM/sarama"
	_ "github.com/aws/aws-sdk-go-v2/aws"
	_ "github.com/aws/aws-sdk-go-v2/aws/middleware"
	_ "github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	_ "github.com/aws/aws-sdk-go-v2/aws/retry"
	_ "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	_ "github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	_ "github.com/aws/aws-sdk-go-v2/service/s3"
	_ "github.com/aws/smithy-go"
	_ "github.com/docker/docker/client"
	_ "github.com/elastic/elastic-transport-go/v8/elastictransport"
	_ "github.com/elastic/go-elasticsearch/v8"
	_ "github.com/elastic/go-elasticsearch/v8/esutil"
	_ "github.com/go-resty/resty/v2"
	_ "github.com/go-sql-driver/mysql"
	_ "github.com/gocql/gocql"
	_ "github.com/hashicorp/raft"
	_ "github.com/rabbitmq/amqp091-go"
	_ "github.com/twmb/franz-go/pkg/kadm"
	_ "github.com/twmb/franz-go/pkg/kgo"
	_ "go.etcd.io/etcd/client/v3"
	_ "go.mongodb.org/mongo-driver/mongo"
	_ "go.mongodb.org/mongo-driver/x/mongo/driver/topology"
	_ "go.temporal.io/sdk/client"
	_ "go.temporal.io/sdk/worker"
)
