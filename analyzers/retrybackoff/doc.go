// Package retrybackoff defines an Analyzer that reports retries that do not
// back off exponentially with random jitter.
//
// # Analyzer retrybackoff
//
// retrybackoff: report retries without exponential backoff and jitter
//
// A retry that does not wait hammers a dependency that is already failing;
// a retry that waits a constant time, or backs off exponentially but with no
// randomness, keeps every client in step, so when the dependency recovers
// they all come back at the same instant and knock it over again (the
// thundering herd). The reference's rule is wait = base × 2^attempt + random
// jitter: the exponent gives the dependency room, the jitter spreads the
// clients out.
//
// The analyzer reports, at the loop's for keyword (at the label of a retry
// written with a goto back to a label), a retry loop (a loop that goes
// around again when a call fails and leaves on success; an HTTP call fails
// with an error or with a status the loop retries, such as 503) that
//
//   - does not wait between attempts;
//   - waits the same time every attempt (time.Sleep(time.Second), a ticker);
//   - waits longer each attempt (a shift by the attempt number, math.Pow, a
//     delay multiplied in the loop, a delay growing linearly) without any
//     math/rand or math/rand/v2 in the computation.
//
// The loop may go around only on some failures, as a classification of
// the error decides (if err == nil { return nil }; if errors.As(err,
// &pgErr) && pgErr.Code == "40P01" { time.Sleep(d); continue }; return
// err): a deadlock retried after the same wait collides again.
//
// A loop whose condition goes around while an attempt's answer is empty
// (for len(t.Members) == 0 { ...; t, err = fetch(ctx) }, or == nil, == "")
// is a retry too: an empty answer where one is needed is a failed attempt.
// A loop that waits for progress (for !job.Done) is a poller and is not
// judged, nor is one whose call is given what the last answer returned (a
// page cursor), nor one that reads the next item of a stream (Next, Recv,
// Read). A listener's Accept is never an attempt: an accept loop waits for
// clients, it loads no dependency. Nor is an accessor of a wrapped error (a
// method Unwrap() error or Cause() error): a loop that goes around on what
// it returned (for err != nil { ...; err = c.Cause() }) walks down an
// error's chain of causes.
//
// A loop meant to run until it is stopped that re-opens a failing call
// after a wait is judged the same way (a stream re-subscribed, a long poll
// sent again): on failure it waits with the time package (time.Sleep,
// time.After, a timer) and goes around, on success it goes around too,
// with no wait outside the failure branch. After an outage every client
// comes back at the pace of that wait, so a constant one is reported
// ("loop retries a failing call after the same wait every time"). A loop
// that waits on its success path as well is a poller keeping a schedule,
// and one that waits nowhere is a worker that logs and carries on: neither
// is reported. So a stream re-opened a fixed time after it ends, whether it
// failed or not, is not seen, nor is a call re-sent because its answer
// says "retry later" in a field other than an empty one (only errors,
// failing HTTP statuses and empty answers make an attempt fail).
//
// A wait computed by a helper is judged by what the helper does, across
// packages: the analyzer records on each function whether it computes a
// jittered or an exponential wait, or waits itself (the fact is exported by
// its companion pass retrywait), so time.Sleep(backoff(attempt)) is silent
// when backoff adds jitter and reported when it only doubles. A helper that
// keeps its period in a field and doubles it on each call (next :=
// st.period * 2; st.period = next) backs off exponentially, and so does
// one that doubles a delay its caller keeps and hands it by pointer
// (*d = min(*d*2, limit), as in wait(ctx, &d, limit)). A wait
// computed by a function value held in a field or variable
// (c.retryBackoff(attempt)) is judged by what the package stores into it:
// a function literal is read where it is written (return time.Second *
// time.Duration(attempt) grows linearly, with no jitter), a named function
// by its fact; a holder that other packages or callers may set (an
// exported field, a value passed in) is trusted, except that an exported
// field into which the package stores only defaults for a caller who left
// it unset (if c.RetryAfter == nil { c.RetryAfter = DefaultBacko().Duration
// }) is judged by those defaults, since they are what ships. A method value
// whose method adds jitter only when a field of its receiver is set is
// judged by the receiver a constructor of the package makes: a call that
// returns a struct literal (or a call of another such constructor, with
// constant arguments bound to its parameters) giving that field 0, or
// leaving it out of a keyed literal, backs off without jitter. A function value into
// which the package stores only time.Sleep (kept in a field so that tests
// can replace it) is time.Sleep: r.sleep(100 * time.Millisecond) waits a
// constant time. A wait the analysis
// cannot follow (a method of an interface named like Wait, a rate limiter,
// a channel other than a timer's, a shared pool whose Wait blocks until a
// timer that another call armed fires) is trusted, so a backoff kept in
// such a pool is not seen.
//
// Waits are looked for between attempts: a sleep just before the loop is
// left on success does not count, nor does anything that runs after the
// last attempt on the way out (s.use(conn); return once the dial worked,
// however use waits), nor do waits inside the attempt itself (a
// dial's own timeouts), except that an attempt given the attempt number
// that waits (c.process(ctx, cmd, attempt) sleeping before a retry) is
// judged by its fact, and an attempt that blocks on Receive, Recv or Wait
// with a context is the wait. In a select, a case that stops the retry
// (case <-quit: return; a context's Done, also of a struct that embeds
// context.Context) does not space the attempts out: the wait is the
// timer's (select { case <-quit: return; case <-time.After(time.Second):
// continue } waits a constant second). A case that goes around on another
// channel (an early wake-up) is a wait the analysis cannot follow, and is
// trusted. A select with a default case does not wait at all: it only
// checks whether to stop.
//
// Bad:
//
//	for attempt := 0; attempt < 4; attempt++ {
//		if err = send(ctx, msg); err == nil {
//			return nil
//		}
//		time.Sleep(100 * time.Millisecond << attempt)
//	}
//
// Good:
//
//	for attempt := 0; attempt < 4; attempt++ {
//		if err = send(ctx, msg); err == nil {
//			return nil
//		}
//		base := 100 * time.Millisecond << attempt
//		time.Sleep(base + rand.N(base))
//	}
//
// Retry libraries are read by major version, from their import path, and
// reported at the configuration that sets the wait:
//
//   - github.com/cenkalti/backoff/v4 and v5: a ConstantBackOff or ZeroBackOff,
//     and an ExponentialBackOff whose RandomizationFactor is set to 0 (by
//     assignment, WithRandomizationFactor(0), or a composite literal that
//     leaves it out). The library's defaults (RandomizationFactor 0.5) are
//     jittered.
//   - github.com/avast/retry-go/v4: DelayType(retry.FixedDelay), and
//     DelayType(retry.BackOffDelay) without retry.RandomDelay. The default,
//     CombineDelay(BackOffDelay, RandomDelay), is jittered.
//   - github.com/sethvargo/go-retry: NewConstant, NewExponential and
//     NewFibonacci (and the shortcuts Constant, Exponential, Fibonacci) not
//     wrapped in WithJitter or WithJitterPercent.
//   - github.com/hashicorp/go-retryablehttp: a Backoff field set to
//     DefaultBackoff, which doubles without jitter. A client left at its
//     defaults is not reported: the default also honours Retry-After, and
//     the analyzer reports what the code chose, not what it left alone.
//
// Retries that load nothing other clients share are not reported either:
// those whose every attempt calls into a test-support package (a
// test_helpers or testutil function driving the cluster a test started),
// those whose every attempt stays on this machine (a call of os, io/fs,
// path/filepath or fsnotify, as a rename or removal waiting for another
// process to let go of a file, or a watch set up again once a replaced
// file reappears; or a function of the same package whose body calls such
// packages and otherwise only fmt, errors, log, time and the like), and those
// whose every attempt is sent to a loopback address written in the code
// (http.Get("http://localhost:" + port), a request built in the function
// with such a URL, or a configuration literal whose address fields are
// loopback constants, Dialer{Address: "127.0.0.1:3013"}, never changed
// after it is made): a mock server the code started, or a sidecar of its
// own.
//
// A loop that goes around at most once is not reported: every branch
// back to the next attempt sits in an if !retried { retried = true ... },
// the flag is declared before the loop and never cleared in it, and the
// body cannot fall off its end; or every branch back sits in an if that
// requires a countdown of retries above zero (retries > 0, retries != 0)
// and decrements it first, and that countdown starts at 1, is set once and
// never raised (retries := 1; retry: ...; if err != nil && retries > 0 {
// retries--; time.Sleep(time.Second); goto retry }). One extra attempt,
// after reloading an expired URL or token or on a stale pooled connection,
// is not a series of attempts that needs spacing out. Nor is a counted
// loop of at most two attempts (for range 2, for i := 0; i < 2; i++, with
// constant bounds and a counter the body leaves alone). A countdown or a
// count whose bound is a variable or a field is not read this way and is
// judged like any retry.
//
// A constant wait with random jitter added is accepted: the jitter already
// breaks the herd up. The random term may be drawn into a local variable
// first (offset := rand.Float64() * spread; delay += offset), and it may be
// added only when a parameter asks for it (if jitter > 0 { ... }): the
// loop's callers configure it, and the analyzer does not follow which
// value they pass, so a caller passing 0 is not seen. A method that adds
// jitter only when a field of its receiver is set (if b.Jitter > 0 { ...
// }) adds none for a receiver the function makes with a composite literal
// that leaves the field out or sets it to 0 (b := &Backoff{Base: d}),
// sets no field of afterwards and hands to no function: time.Sleep(
// b.Delay(attempt)) is then judged by what Delay does without its random
// term. A receiver given by a caller, kept in a field or configured
// elsewhere is trusted.
//
// Test code (a function given a *testing.T, *testing.B, *testing.F or
// testing.TB, any function of a _test.go file other than an Example, and
// test-support packages such as servertest or internal/testutil, unless
// the call names a remote host) is not reported: a test is the only client of the fixture it polls, so
// there is no herd to break up. Example functions are documentation that
// people copy, and are judged like any other code.
//
// The analyzer has no settings of its own; it is turned on and off like
// every other.
//
// Nothing is reported in a generated file (one whose comment before the
// package clause reads "// Code generated ... DO NOT EDIT.", as
// go.dev/s/generatedcode defines it): the fix belongs in its generator,
// and the file is overwritten on the next run.
//
// A retry whose attempts are spread by something the analyzer cannot see
// (a server that answers with Retry-After, a single client by design) says
// so on the reported line:
//
//	for { //nolint:retrybackoff // the server's Retry-After sets the pace
package retrybackoff
