package knowledge

import "go/ast"

// A RetryLibrary is what nines knows about one retry library: how a call
// starts retrying and how its configuration reads.
type RetryLibrary struct {
	// Path is the import path, major version included.
	Path string

	// Retries maps each package-level function that retries an operation
	// to the index of that operation among the call's arguments.
	Retries map[string]int

	// Sends are the methods of the library's client, and the package
	// functions using its default client, that send a request and retry it
	// by the client's configuration (go-retryablehttp). A call of one is a
	// retry of itself, with no closure.
	Sends map[string]bool

	// MarksErrors is set when the library's functions called inside a
	// retried operation build or mark errors (backoff.Permanent,
	// retry.RetryableError) and so are never attempts themselves.
	MarksErrors bool

	// OnlyMarkedErrors is set when the library retries only errors the
	// operation wraps in a marker (sethvargo/go-retry's RetryableError);
	// other libraries retry every error but those marked permanent.
	OnlyMarkedErrors bool

	// BoundHint says how to bound a retry of this library that never stops;
	// %d is the largest number of attempts allowed.
	BoundHint string

	// policy reads the configuration of a call of a Retries function (see
	// ReadPolicy); nil when the configuration lives elsewhere.
	policy func(r *reader, p *Policy, name string, call *ast.CallExpr) bool
}

// RetryLibraries are the retry libraries nines knows, one file each.
var RetryLibraries = []*RetryLibrary{&backoffV4, &backoffV5, &retryGoV4, &goRetry, &retryableHTTP}

var retryLibraryByPath = func() map[string]*RetryLibrary {
	m := make(map[string]*RetryLibrary, len(RetryLibraries))
	for _, l := range RetryLibraries {
		m[l.Path] = l
	}
	return m
}()

// LookupRetryLibrary returns the retry library with import path path, or nil.
func LookupRetryLibrary(path string) *RetryLibrary { return retryLibraryByPath[path] }

// PermanentMarkers are the names of the functions with which an operation
// tells a retry library to stop: backoff.Permanent, retry.Unrecoverable.
// They are matched by name alone, so wrappers named alike count too.
var PermanentMarkers = map[string]bool{"Permanent": true, "Unrecoverable": true}

// RetryableMarkers are the names of the functions with which an operation
// asks for another attempt where only marked errors are retried
// (sethvargo/go-retry's RetryableError); matched by name alone.
var RetryableMarkers = map[string]bool{"RetryableError": true}
