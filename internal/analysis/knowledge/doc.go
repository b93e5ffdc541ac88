// Package knowledge is what nines knows about the libraries it checks, one
// file per library: import paths, which functions retry and which argument
// they retry, the options that cap, space and jitter the attempts and their
// defaults, which calls wait on the network, which requests are not safe to
// repeat, and which options bound a call by a context or a timeout.
//
// The files hold data (tables of names) and, only where a table cannot say
// it, a little code that reads a library's configuration (ReadPolicy). The
// analyzers and the shared recognisers (retryloop) read these tables rather
// than spelling library names themselves, so they agree on what a library
// does.
//
// Adding a library is one new file here (its table, registered in
// RetryLibraries when it retries), its stub under testdata/stubs/<import
// path> with the real library's signatures (tests load it through
// stubs.TestData), and a test fixture in the analyzer that uses it.
// TestStubs checks every table against the stubs.
//
// The package depends only on go/ast, go/types and golang.org/x/tools, so
// every analysis package may import it.
package knowledge
