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
