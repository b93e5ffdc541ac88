package idempotency

import "strings"

// IsKeyHeader reports whether an HTTP header name carries an idempotency
// key: Idempotency-Key and X-Idempotency-Key in any case, and the variants
// APIs use (Idempotency-Token, X-Idempotent-Key), which all contain
// "idempoten".
func IsKeyHeader(name string) bool {
	return strings.Contains(strings.ToLower(name), "idempoten")
}

// UnsafeMethod reports whether an HTTP method is one the retry analysis
// treats as not idempotent: POST and PATCH (RFC 9110 section 9.2.2 makes
// GET, HEAD, PUT, DELETE, OPTIONS and TRACE idempotent).
func UnsafeMethod(method string) bool {
	return strings.EqualFold(method, "POST") || strings.EqualFold(method, "PATCH")
}

// safeEndpoints are URL path fragments of endpoints that are POSTed to but
// do not change anything a repeat could duplicate: OAuth token endpoints,
// search and query APIs (Elasticsearch, Prometheus, SQL-over-HTTP), and
// logins.
var safeEndpoints = []string{"/token", "oauth", "/search", "_search", "_msearch", "_count", "/query", "/login"}

// SafeEndpoint reports whether the constant parts of a request URL name an
// endpoint that is safe to POST to again.
func SafeEndpoint(url string) bool {
	url = strings.ToLower(url)
	for _, e := range safeEndpoints {
		if strings.Contains(url, e) {
			return true
		}
	}
	return false
}
