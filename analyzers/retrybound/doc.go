// Package retrybound defines an Analyzer that reports retries that never stop
// or make more attempts than any caller waits for.
//
// # Analyzer retrybound
//
// retrybound: report retries that never stop or retry too often
//
// A retry turns a blip into a success; a retry without a bound turns an
// outage into a pile of goroutines hammering a dependency that is already
// down, holding requests their callers gave up on long ago. The rule is old:
// cap the attempts (3–5, then return the error), or bound them by the
// caller's context or a deadline.
//
// The analyzer reports, at the loop's for keyword, a retry loop (a loop
// that goes around again when a call fails and leaves on success) that has
// no attempt cap, no exit on ctx.Done() or ctx.Err(), and no deadline check
// (time.Since, time.Now().After, a timer or a stop channel in a select), and
// a loop whose constant cap allows more attempts than -max-attempts. A label
// with a goto back to it on failure (retry: err = dial(); if err != nil {
// goto retry }) is such a loop too, reported at the label. The failure path
// may go around only when a condition allows it and give up otherwise (if
// attempt < 3 { continue }; return err); that condition is then the bound.
// An attempt given a changed setting before going around (version = 3, a
// fallback) or a moving item (port++) is not a repeat; one given its attempt
// counter (attempt, tries, retries) is. A loop that goes around on what an
// accessor of a wrapped error returned (for err != nil { ...; err =
// c.Cause() }, a method Unwrap() error or Cause() error) walks down a
// finite chain of causes and is not a retry.
//
// Other exits count as bounds too, so that loops whose end is decided
// elsewhere stay silent: a failing call that judges the retry (given the
// context or the last error, or named like a retry policy, budget or
// limiter, as in if err := shouldRetry(lastErr); err != nil { return err }),
// a check of the owner's shutdown (p.closed(), a stopping flag), a condition
// that lets the next attempt start by reading state other than the error
// (if c.status() == connecting { goto retry }: Disconnect, elsewhere, ends
// it), and a select case on a Done() or shutdown channel. A case that
// stops the test (t.Fatal, testify's require.Fail and Failf) leaves too.
// A decision method of the package, given the last error, that answers
// whether to go around (if !t.recoversFrom(err) { return err }) is a bound
// when every path on which it answers true first assigns a field of its
// receiver (t.link = threadCreate{}; return true): it switches to another
// mode, a fallback chain, and the next attempt is planned from that mode.
// The analysis does not prove the modes run out; a predicate that only
// classifies the error (isRetryable(err)) assigns nothing and bounds
// nothing, and a method of another package is not read.
// A struct that embeds context.Context (type reqCtx struct {
// context.Context; ... }) is a context: its Done and Err are the embedded
// context's. A type with Done and Err methods of its own is not.
//
// A retry whose every attempt stays on this machine is not reported: a
// call of os, io/fs, path/filepath or fsnotify (os.Stat until a replaced
// file reappears, then Watcher.Add), or a function of the same package
// whose body calls such packages and otherwise only fmt, errors, log, time
// and the like. It waits for the disk or another local process, not a
// remote dependency. The analyzer cannot tell a path on a network file
// system, nor read a helper of another package or one called through an
// interface or a function value (those count as remote), nor a function of
// the package that calls no local package at all.
//
// In test code (a _test.go file outside an Example, a function given a
// *testing.T, a test-support package), a loop whose every attempt is sent
// to a loopback address written in the code (an httptest.Server's URL,
// http://localhost:PORT, a request built with such a URL) is not reported:
// the test polls a server of its own until it answers, and go test's
// -timeout ends it if it never does. A test polling an address it reads
// from elsewhere (the environment, a flag) is still reported, and so is
// production code polling loopback without end.
//
// A loop that never leaves on success is not a retry to bound: one that
// re-opens a stream a while after each failure is meant to run until it is
// stopped, and has no attempts to count (retrybackoff judges its pace).
//
// Bad:
//
//	for {
//		resp, err := client.Do(req)
//		if err != nil {
//			time.Sleep(time.Second)
//			continue
//		}
//		return resp, nil
//	}
//
// Good:
//
//	for attempt := 0; attempt < 4; attempt++ {
//		resp, err := client.Do(req)
//		if err == nil {
//			return resp, nil
//		}
//		lastErr = err
//		select {
//		case <-ctx.Done():
//			return nil, ctx.Err()
//		case <-time.After(backoff(attempt)):
//		}
//	}
//	return nil, lastErr
//
// Retry libraries are read by major version, from their import path, and
// reported at the call that starts retrying:
//
//   - github.com/cenkalti/backoff/v4: backoff.Retry with an ExponentialBackOff
//     whose MaxElapsedTime is 0 (set, or left out of a composite literal), a
//     ConstantBackOff or a ZeroBackOff, not wrapped in WithMaxRetries or
//     WithContext; WithMaxRetries(b, n) with n above the limit. The default
//     NewExponentialBackOff stops after 15 minutes and is accepted.
//   - github.com/cenkalti/backoff/v5: backoff.Retry with
//     WithMaxElapsedTime(0) and no WithMaxTries, unless the context is made
//     with a timeout or deadline in the same function; WithMaxTries(n) above
//     the limit. The default 15-minute elapsed limit is accepted.
//   - github.com/avast/retry-go/v4: retry.Do with Attempts(0) or
//     UntilSucceeded() and no Context option; Attempts(n) above the limit.
//     The default of 10 attempts is not reported: it is a bound the library
//     chose together with a jittered exponential delay (about a minute in
//     all), and reporting every retry.Do left at its defaults would drown
//     the loops that truly never stop. Write Attempts(n) to have it checked.
//   - github.com/sethvargo/go-retry: retry.Do with a backoff that has neither
//     WithMaxRetries nor WithMaxDuration, and the shortcuts retry.Constant,
//     retry.Exponential and retry.Fibonacci, unless the context is made with
//     a timeout or deadline in the same function; WithMaxRetries(n, b) above
//     the limit.
//   - github.com/hashicorp/go-retryablehttp: a RetryMax above the limit,
//     reported at the assignment or composite-literal field that sets it.
//     The default of 4 is accepted.
//
// A context counts where passing one is a choice (backoff.WithContext,
// retry.Context) unless it is context.Background() or context.TODO(); where
// every call must pass one (backoff v5, go-retry) it counts only when the
// function gives it a deadline.
//
// Limits are compared in the unit the code writes: attempts for loops,
// retry-go's Attempts and backoff v5's WithMaxTries, retries for backoff
// v4's WithMaxRetries, go-retry's WithMaxRetries and RetryMax. The
// reference's "max retries: 3–5" reads naturally either way. A loop's
// attempts are counted from its counter's start: the constant its init
// statement gives it (for i := 1; i <= 5; i++ makes 5), or, with no init,
// the constant the nearest statement before the loop gives it when nothing
// between them touches the counter (try := 1; for try <= 5 {...; try++});
// otherwise from 0.
//
// The limit is set with -retrybound.max-attempts (default 5), the largest
// constant cap accepted.
//
// Test code (a function given a *testing.T, *testing.B, *testing.F or
// testing.TB, any function of a _test.go file other than an Example, and
// test-support packages such as testutil or test_helpers, unless the call
// names a remote host) is judged only on never giving up, which hangs the
// test: a test polling its
// own fixture a hundred times loads nothing that others share, and a test
// retrying a closure that calls nothing fallible drives the outcome itself
// (a retry library's own tests). Example functions are documentation that
// people copy, and are judged like any other code.
//
// Nothing is reported in a generated file (one whose comment before the
// package clause reads "// Code generated ... DO NOT EDIT.", as
// go.dev/s/generatedcode defines it): the fix belongs in its generator,
// and the file is overwritten on the next run.
//
// A loop that keeps a long-lived connection up is not reported as never
// giving up when the code says so: its function returns nothing (no caller
// waits for it or could be handed the last error) and it waits between
// attempts for a duration it multiplies each time around up to a fixed cap
// (if wait > limit { wait = limit }, or wait = min(wait*2, limit)). Its load
// is one attempt per cap interval at most, and giving up would leave the
// component down with nobody told; retrybackoff still judges its jitter.
// The same loop in a function that returns an error, or with a constant or
// uncapped wait, is reported. What the analyzer does not see: a cap applied
// in a helper, a wait read from a field, a supervisor whose function returns
// a value.
//
// Any other retry that is meant to run until its process stops says so on
// the reported line:
//
//	for { //nolint:retrybound // reconnects until shutdown; the process owns this goroutine
package retrybound
