// Package retryidempotent defines an Analyzer that reports retried
// operations that are not safe to repeat.
//
// # Analyzer retryidempotent
//
// retryidempotent: report retried operations unsafe to repeat
//
// A retry cannot tell "the request failed" from "the request succeeded and
// the reply was lost": a timeout, a reset connection or a 502 from a proxy
// look the same either way. Retrying an operation that has side effects
// therefore applies it twice whenever the first attempt got through.
// Retrying a payment without an idempotency key is a double charge;
// retrying an INSERT adds a duplicate row; retrying
// UPDATE accounts SET balance = balance - 10 takes the money twice. Retry
// only idempotent operations, or make the operation idempotent: the client
// generates a key (a UUID) once, before the first attempt, and sends it
// with every attempt; the server stores key -> response and answers a
// replay with the stored response instead of doing the work again.
//
// The analyzer looks inside retries: loops that go around again when a
// call fails, closures or functions handed to a retry library
// (cenkalti/backoff v4 and v5, avast/retry-go v4, sethvargo/go-retry,
// hashicorp/go-retryablehttp), and closures or functions handed to the
// program's own retry helpers (a func withRetry(n int, op func() error)
// whose loop calls op, in any package). It reports once per operation, at
// the call inside the retry that creates it, not again where it is sent:
//
//   - an HTTP request with method POST or PATCH, made by http.NewRequest or
//     NewRequestWithContext with a constant method (http.MethodPost
//     included), an &http.Request{Method: "POST"} literal, http.Post,
//     http.PostForm or (*http.Client).Post and PostForm, when no
//     Idempotency-Key header is set on it within the retry
//     (req.Header.Set or Add, req.Header["..."] = ..., a header map
//     installed as req.Header, or a helper that sets it on a request passed
//     to it); the header name is matched case-insensitively, and any name
//     containing "idempotency" counts (X-Idempotency-Key,
//     Idempotency-Token);
//   - a call passing a constant POST or PATCH to a request helper that
//     takes the method as a parameter (func (c *Client) do(ctx, method,
//     path string, ...)), which either sends the request without a key or
//     returns it to the caller, who then sends it without one;
//   - a go-resty request sent with Post, Patch or Execute with a constant
//     POST or PATCH method, when no SetHeader in its chain or on its
//     builder variable sets the key (SetHeaders with a map may, and
//     counts as setting it);
//   - a request whose key is generated inside the retry, from a new UUID,
//     ULID, XID or KSUID, a random number or the clock: every attempt sends
//     a new key, so the server cannot recognise the repeat;
//   - a POST request created before a retry loop and sent inside it,
//     reported at the send (the only call inside the retry), unless a key
//     is set on it anywhere in the function;
//   - a POST request passed to a function that retries the request it is
//     given (a RetryDo(client, req, n) helper, in any package), and an
//     unsafe statement passed to a function that retries the SQL it is
//     given (ExecWithRetry(db, query, args...), or an Exec method that
//     retries), at that call;
//   - a go-retryablehttp client's Post and PostForm, and its Do with a
//     request created with a POST or PATCH method and no key, at the call:
//     the client repeats these itself;
//   - Exec, ExecContext, Query, QueryRow and their variants (database/sql,
//     pgx Conn, Pool and Tx, sqlx, and interfaces over them such as the
//     DBTX that sqlc generates) whose SQL is an INSERT without
//     ON CONFLICT, ON DUPLICATE KEY, INSERT IGNORE or a WHERE NOT EXISTS
//     guard, or an UPDATE that adds to or subtracts from a column
//     (col = col + ..., col = col - ..., COALESCE(col, 0) + ...); the SQL
//     is resolved through constants, concatenations of constants,
//     fmt.Sprintf with a constant format, local variables assigned once and
//     statements prepared with Prepare, and matched regardless of case,
//     spacing and identifier quoting;
//   - a call of a function, in the same package or another, that does any
//     of the above (or calls such a function) without a key: the message
//     names the chain of calls down to the operation;
//   - a call through an interface or a function value held in a field or
//     a variable (r.out.Publish(ctx, body), r.send(ctx, body)) that the
//     package fills, anywhere, with a value of a concrete type whose
//     method does any of the above, or with such a method value (w.Publish)
//     or function: the message names the method and the field or variable
//     (retried call to webhook.Publish through field relay.out). One such
//     value is enough: the retry may repeat it;
//   - a retried POST or PATCH request whose key is set only inside an if
//     without an else that sets it too, or in some cases of a switch or
//     select (not all of them, or no default): the attempts that take the
//     other paths carry no key. A helper that sets the key only when its
//     caller passes one is not reported by itself, since its callers
//     choose; a request created inside the branch that keys it is not
//     judged.
//
// Bad:
//
//	for attempt := 0; attempt < 3; attempt++ {
//		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
//		if err != nil {
//			return err
//		}
//		req.Header.Set("Idempotency-Key", uuid.NewString()) // a new key on every attempt
//		if resp, err := client.Do(req); err == nil {
//			return resp.Body.Close()
//		}
//		time.Sleep(backoff(attempt))
//	}
//
//	err := backoff.Retry(func() error {
//		_, err := db.ExecContext(ctx, "INSERT INTO payments (order_id, cents) VALUES ($1, $2)", id, cents)
//		return err
//	}, b)
//
// Good:
//
//	key := uuid.NewString() // once: every attempt carries the same key
//	for attempt := 0; attempt < 3; attempt++ {
//		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
//		if err != nil {
//			return err
//		}
//		req.Header.Set("Idempotency-Key", key)
//		if resp, err := client.Do(req); err == nil {
//			return resp.Body.Close()
//		}
//		time.Sleep(backoff(attempt))
//	}
//
//	err := backoff.Retry(func() error {
//		_, err := db.ExecContext(ctx, "INSERT INTO payments (order_id, cents) VALUES ($1, $2) ON CONFLICT (order_id) DO NOTHING", id, cents)
//		return err
//	}, b)
//
// Not reported:
//
//   - GET, HEAD, PUT, DELETE, OPTIONS and TRACE requests, which HTTP
//     defines as idempotent, and requests whose method is not a constant;
//   - SQL that is not a constant the analyzer can resolve, SQL that ends in
//     a computed part (it may be the ON CONFLICT clause), REPLACE, UPSERT
//     and MERGE, DELETE, UPDATEs that set absolute values, and UPDATEs that
//     compare one of the columns they increment in the WHERE clause
//     (optimistic locking on a version column: the second attempt matches
//     no row);
//   - statements on a transaction begun inside the same retry (the whole
//     transaction is retried, and a failed attempt is rolled back; a
//     COMMIT whose reply was lost is not judged); statements on a
//     transaction from outside the retry are reported;
//   - operations that run only on the way out of the retry, after the
//     attempt succeeded (the INSERT after the fetch that was retried), and
//     in a retried closure, operations from which every return reports
//     success or a permanent error (backoff.Permanent, retry.Unrecoverable,
//     and for sethvargo/go-retry, any error not wrapped by RetryableError);
//   - a write that a loop repeats only after the server answered and
//     refused it. When every continue or goto back after the write is
//     inside a test of the StatusCode of the write's own reply (the
//     variable its call returns, or the one returned by the call that
//     sends its request; a test on another request's reply does not
//     count), the send's error returns or leaves the loop, and the loop's
//     body cannot fall off its end, no attempt whose reply was lost goes
//     around. The statuses that
//     reach the way around are then judged: a 4xx other than 408 (a 401
//     or 403 answered before new credentials, a 409, a 429 from a rate
//     limiter) is a refusal before the work, and the retry is not
//     reported. A 5xx or a 408 may follow a write that was applied (the
//     handler committed and then failed, a gateway gave up waiting for a
//     backend that finished, a timeout is a false failure as often as a
//     real one), so a way around that one of them can take is reported,
//     with a message that names the statuses instead of a lost reply: "it
//     is repeated after a 5xx reply, which a server may send after
//     applying the write". A test that sends every error reply around by
//     itself (StatusCode >= 400) counts as reaching the 5xx. When the way
//     around also asks a function given the reply or its status
//     (!retried && c.retryOnError(resp)), the analyzer reads that function
//     only if the package declares it: if its body compares a status with
//     a 5xx or 408 the retry is reported, otherwise the policy is taken to
//     be about refusals (renewed credentials). A policy in a function
//     value, an interface or another package that accepts 5xx is not seen.
//     A status compared through a helper, or copied into a variable that
//     is also assigned something else, and a way around that an error
//     test reaches, count as taken without a reply, and the retry is
//     reported as before; retried closures of retry libraries are not
//     judged this way;
//   - requests with a header set under a computed name, or given a whole
//     header map from elsewhere: the key may be among them;
//   - requests created by a helper and returned to the caller, which is
//     the one to set the key; range loops over slices, maps and channels,
//     and event loops, which are not retries;
//   - calls through interface parameters and function parameters, and
//     through fields and variables holding only values whose concrete type
//     the package does not show (an interface returned by another
//     package's constructor) or function literals, unless the method is
//     marked as below.
//
// APIs that POST their reads (Slack's Web API, JSON-RPC, GraphQL queries)
// look like any other POST: mark the read helpers //nines:idempotent.
// POSTs to OAuth token, login, search and query endpoints, recognised by
// the constant parts of their URL (/token, oauth, /login, /search,
// _search, /query), are not reported.
//
// Directives: a //nines:idempotent line in a function's doc comment
// declares it safe to repeat (the server deduplicates, or the key is set
// where the analysis cannot see): calls of it are not reported, and neither
// are retries inside it. A //nines:not-idempotent line marks a function or
// an interface method that the analysis cannot see into (a generated
// client, a wrapper over an interface) as unsafe, so that retried calls of
// it are reported:
//
//	type PaymentsClient interface {
//		//nines:not-idempotent
//		Capture(ctx context.Context, in *CaptureRequest) (*CaptureReply, error)
//	}
//
// Facts: functions that perform an unsafe operation carry an analysis fact
// ("not idempotent: sends a POST request without an Idempotency-Key header
// (via payments.Client.Charge, http.NewRequestWithContext)"); functions
// that set the key on a request passed to them, that create a request
// with the method their caller gives, and that retry the request, SQL or
// function passed to them, carry others, so that helpers in other packages
// are judged by what they do.
//
// A finding says what a lost reply costs in terms of the operation alone
// ("is applied again", "adds a duplicate row", "applies the change
// twice"), never what the operation means to the business: the analyzer
// sees a POST, not whether it charges a card, posts telemetry or runs a
// read-only search, so it does not call it a double charge.
//
// Nothing is reported in a generated file (one whose comment before the
// package clause reads "// Code generated ... DO NOT EDIT.", as
// go.dev/s/generatedcode defines it): the fix belongs in its generator,
// and the file is overwritten on the next run. Generated code is still
// analyzed, so what a generated function sends is seen where hand-written
// code retries it.
//
// Nor is anything reported in test code (a function given a *testing.T,
// *testing.B, *testing.F or testing.TB, any function of a _test.go file
// other than an Example, and test-support packages such as a *test or
// testutil package) unless the call there names a remote peer: a write a
// test repeats reaches the test's own fixture (an httptest server, a mock
// transport, a scratch database), which nothing else reads. Example
// functions are documentation that people copy, and are judged like any
// other code.
//
// To suppress a finding, say why on the reported line or the line above:
//
//	err := notify(ctx, event) //nolint:retryidempotent // the webhook receiver deduplicates by event id
package retryidempotent
