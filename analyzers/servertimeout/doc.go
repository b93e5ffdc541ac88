// Package servertimeout defines an Analyzer that reports HTTP servers open to
// slow clients.
//
// # Analyzer servertimeout
//
// servertimeout: report HTTP servers open to slow clients
//
// An http.Server with neither ReadHeaderTimeout nor ReadTimeout waits as long
// as a client likes for the request to arrive. A client that opens
// connections and sends its headers a byte at a time (slowloris) holds a
// goroutine, a file descriptor and a connection slot each, for free, until
// the server can accept no one else. http.ListenAndServe, ListenAndServeTLS,
// Serve and ServeTLS serve with a zero http.Server, which has no timeouts
// at all.
//
// The analyzer reports:
//
//   - calls of http.ListenAndServe, http.ListenAndServeTLS, http.Serve and
//     http.ServeTLS, at the call, and those functions taken as values, where
//     the value is taken;
//   - http.Server composite literals, values or pointers, wherever they are
//     stored (variables, struct fields, return statements), that set neither
//     ReadHeaderTimeout nor ReadTimeout (a constant 0 counts as unset), at the
//     literal.
//
// Bad:
//
//	log.Fatal(http.ListenAndServe(":8080", mux))
//
//	srv := &http.Server{Addr: cfg.Addr, Handler: mux}
//
// Good:
//
//	srv := &http.Server{
//		Addr:              cfg.Addr,
//		Handler:           mux,
//		ReadHeaderTimeout: 10 * time.Second,
//	}
//	log.Fatal(srv.ListenAndServe())
//
// Every external call must have a timeout, and for a server the external
// party is the client. ReadHeaderTimeout is the one to set first: it bounds
// the slow-header attack without cutting off slow request bodies such as
// uploads, which ReadTimeout would. Size it like any timeout, from the p99
// of what legitimate clients take plus a 20% margin; headers arrive in well
// under a second, so the suggested fix's ReadHeaderTimeout: 10 * time.Second
// (importing "time" under the name the file uses, or adding the import) is
// generous; -servertimeout.read-header-timeout (read_header_timeout in
// .nines.hcl) sets the value it inserts. Set WriteTimeout and IdleTimeout too; this analyzer does not
// insist on them.
//
// Not reported:
//
//   - a literal whose read timeout comes from a variable, a parameter, a call
//     or a config field;
//   - a literal whose ReadHeaderTimeout or ReadTimeout is assigned later in
//     the same function, closures included (srv.ReadTimeout = d,
//     app.server.ReadHeaderTimeout = d, or s.ReadTimeout when s embeds the
//     server), or, for a package-level variable, in an init function;
//   - httptest servers: an http.Server stored in the Config of an
//     httptest.Server (ts := httptest.NewUnstartedServer(h);
//     ts.Config = &http.Server{...}) serves a test over loopback (the
//     -servertimeout.httptest flag reports them too);
//   - methods such as (*http.Server).ListenAndServe, whose server is checked
//     where its literal is built, and functions or types of other packages
//     that happen to share the names: the analyzer follows types, so renamed
//     and dot imports and aliases in wrapper packages are recognised, and
//     look-alikes are not;
//   - servers that listen on this machine only: ListenAndServe on an
//     address whose host is loopback in the code ("localhost:6060",
//     fmt.Sprintf("127.0.0.1:%d", port), or a variable holding only such an
//     address), Serve on a listener from net.Listen on a Unix socket or a
//     loopback address, an http.Server literal whose Addr is loopback, or
//     one kept in a local variable that is only Served, in its function, on
//     such listeners, or in an unexported field whose every use in the
//     package is a Serve on such a listener (kept in an unexported field
//     too, if need be) or a Close or Shutdown. An admin or debug endpoint there is not reachable from
//     the network. An address from a flag or the environment counts as
//     loopback when the code's default is (flag.String("http",
//     "localhost:8080", ...), a variable or field only flag.StringVar
//     writes, the same registered with spf13/pflag as cobra commands do;
//     os.Getenv("ADDR") with "127.0.0.1:3000" when it is empty):
//     as shipped the server is local, and whoever points it
//     elsewhere chose to. Any other address from a flag or a setting is
//     checked.
//
// One cause is one finding: the serve calls of one function (or of one
// type's methods) are reported once, at the first, with the number of
// calls in the message and the others as related locations. Each
// http.Server literal is a finding of its own.
//
// Not covered: new(http.Server) and a zero http.Server declared with var;
// a server literal with a loopback Addr that is Served on a listener bound
// elsewhere (the Addr is trusted); a listener handed in from another
// function.
//
// Nothing is reported in test-harness code (tests, helpers given
// testing.TB, test-support packages: those named *test or test*, such as
// servertest, and those their module imports only from tests, such as a
// mock package; see internal/analysis/harness).
//
// Nothing is reported in a generated file (one whose comment before the
// package clause reads "// Code generated ... DO NOT EDIT.", as
// go.dev/s/generatedcode defines it): the fix belongs in its generator,
// and the file is overwritten on the next run.
//
// To suppress a finding, say why on the reported line or the line above:
//
//	go http.ListenAndServe(cfg.DebugAddr, nil) //nolint:servertimeout // pprof, the deployment binds it to loopback
package servertimeout
