// Package ctxdeadline defines an Analyzer that reports calls bounded only by
// a context with no deadline.
//
// # Analyzer ctxdeadline
//
// ctxdeadline: report calls bounded only by a context with no deadline
//
// Some calls can only be bounded by the context they are given: a
// database/sql query waits for a free connection and then for the server, a
// gRPC call waits for the reply, a DialContext waits for the handshake.
// Given context.Background() or context.TODO(), which never expire, they
// wait as long as the dependency takes, which during an incident is
// forever. Each stuck call holds a goroutine and a pooled connection, the
// pool runs dry, and callers that never touched the slow dependency fail
// too. The database/sql methods that take no context at all are worse:
// nothing can bound or cancel them.
//
// The analyzer reports, at the call:
//
//   - Query, QueryRow, Exec, Prepare, Ping and Begin on *sql.DB, and Query,
//     QueryRow, Exec and Prepare on *sql.Tx and *sql.Stmt (which have no Ping
//     or Begin; *sql.Conn has no context-less methods), including promoted
//     through an embedded *sql.DB, method values and method expressions;
//   - context.Background() or context.TODO() passed to the context methods
//     of *sql.DB, *sql.Tx, *sql.Conn and *sql.Stmt (QueryContext,
//     ExecContext, BeginTx, Conn, ...), to http.NewRequestWithContext, to
//     (*net.Dialer).DialContext on a dialer that sets neither Timeout nor
//     Deadline, to (*tls.Dialer).DialContext on a dialer with no NetDialer,
//     and to gRPC client methods, recognised by their last parameter
//     ...grpc.CallOption (by type name and package path, so vendored grpc
//     and generated stubs in any package match; plain functions with that
//     parameter are helpers around stubs and are not followed);
//   - the same through a local or unexported package-level variable that
//     never gets a deadline: every value stored in it comes from
//     context.Background(), context.TODO() or context.WithoutCancel, possibly
//     wrapped by context.WithCancel, WithCancelCause or WithValue, which keep
//     the parent's (missing) deadline;
//   - the same passed to a function of the package that hands its context
//     parameter on, unchanged, to one of those calls other than
//     http.NewRequestWithContext (a wrapper such as
//     func queryOne(ctx context.Context, ...) { return db.QueryRowContext(ctx, ...) }),
//     at the call of the wrapper, however deep the chain of wrappers. A
//     method of an interface declared in the package is such a wrapper
//     when every type of the package that implements the interface
//     implements it with one (a health checker behind an interface of its
//     own); an implementation in another package is not seen.
//
// A request built by http.NewRequestWithContext is also bounded by the
// Timeout of the client that sends it. When the function that builds the
// request only sends it, with Do, through clients that have a Timeout (a
// literal that sets it, a constructor with a fact saying so, a wrapper
// that returns the client it is given, as hedged-request and tracing
// libraries do), nothing is reported; when the request leaves the function
// or a client's Timeout cannot be seen, the message says that the client
// may bound it. Passing context.Background() there is otherwise still
// reported, because it is the usual way to satisfy a "use a context"
// linter without bounding anything, but wrappers of it are not followed.
//
// Bad:
//
//	func (s *Store) UserName(id int64) (name string, err error) {
//		err = s.db.QueryRow("SELECT name FROM users WHERE id = $1", id).Scan(&name)
//		return name, err
//	}
//
//	ctx := context.Background()
//	u, err := users.GetUser(ctx, &userpb.GetUserRequest{Id: id})
//
// Good:
//
//	func (s *Store) UserName(ctx context.Context, id int64) (name string, err error) {
//		ctx, cancel := context.WithTimeout(ctx, s.queryTimeout)
//		defer cancel()
//		err = s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&name)
//		return name, err
//	}
//
// Every external call must have a timeout; set it from the dependency's
// latency, its p99 plus a 20% margin. A context deadline bounds the whole
// call, connecting and reading alike; where a client also has its own
// connect and read timeouts (a net.Dialer's Timeout, a driver's read
// timeout), set both separately. The suggested fix for a context-less
// database/sql method passes the context parameter of the enclosing
// function (db.Query(q) becomes db.QueryContext(ctx, q), db.Begin() becomes
// db.BeginTx(ctx, nil)); it is offered only when such a parameter is in
// scope, so that the caller's deadline bounds the query.
//
// Not reported:
//
//   - a context that is a parameter of the enclosing function: the caller
//     owns the deadline;
//   - database/sql calls in a package that talks to a local SQLite file:
//     it imports a SQLite driver (modernc.org/sqlite,
//     github.com/mattn/go-sqlite3) or every sql.Open in it names "sqlite"
//     or "sqlite3", and no sql.Open in it names another driver by a
//     constant. A statement there waits on the disk and SQLite's
//     busy_timeout, not on a network peer. The drivers are a table in
//     internal/analysis/knowledge/sqlite.go. A package that uses a
//     *sql.DB opened elsewhere, with no driver in sight, is still checked;
//   - a variable that gets a deadline anywhere in the function (ctx, cancel
//     = context.WithTimeout(ctx, d) or WithDeadline), wherever the call is:
//     the check does not follow the order of statements;
//   - contexts from calls (r.Context(), a helper), struct fields, exported
//     package variables and variables whose address is taken: the analyzer
//     trusts what it cannot follow;
//   - DialContext on a dialer with a Timeout or Deadline, or one that comes
//     from a parameter, field or call: the dialer's own bound applies;
//   - gRPC calls that open a stream (their result has a CloseSend method,
//     like grpc.ClientStream and every generated stream client): a stream
//     lives as long as the conversation and is bounded by cancelling its
//     context, not by a deadline;
//   - wrappers in other packages: only functions of the package being
//     analyzed are followed, which keeps the analyzer free of facts and as
//     cheap as a single pass over the package;
//   - http.NewRequestWithContext with a URL whose host is loopback in the
//     code (a constant, a flag or environment variable defaulting to
//     localhost; as httpclienttimeout reads it): the request goes to the
//     program's own server or a process beside it;
//   - http.NewRequest, which takes no context: the request is bounded by
//     the client that sends it, and httpclienttimeout reports clients
//     without a Timeout and http.DefaultClient; reporting it here too would
//     report one defect twice, and noctx already covers the style question.
//
// The analyzer returns at once for packages that import none of
// database/sql, net, crypto/tls, net/http or a gRPC package, directly or
// through a package they import.
//
// Nothing is reported in a generated file (one whose comment before the
// package clause reads "// Code generated ... DO NOT EDIT.", as
// go.dev/s/generatedcode defines it): the fix belongs in its generator,
// and the file is overwritten on the next run.
//
// Nor is anything reported in test code (test functions, _test.go files
// other than their Examples, test-support packages: those named *test or
// test*, and those their module imports only from tests) unless the call names
// a remote host in a constant, a test waiting on a service it did not
// start. A request counts as going to the host its URL names only when an
// http.Client sends it with Do: a test that writes a request to its own
// connection, or sends it over a transport bound to one (a proxy's tests
// asking for https://a.example through the proxy), talks to its fixture.
//
// To suppress a finding, say why on the reported line or the line above:
//
//	db.ExecContext(context.Background(), ddl) //nolint:ctxdeadline // migration runs before serving, an operator watches it
package ctxdeadline
