package idempotency

import "testing"

func TestClassifySQL(t *testing.T) {
	tests := []struct {
		query string
		want  SQLVerdict
	}{
		// Inserts that add a row on every run.
		{"INSERT INTO payments (id, amount) VALUES ($1, $2)", SQLVerdict{Kind: SQLInsert, Table: "payments"}},
		{"  insert into Payments(amount) values (?)", SQLVerdict{Kind: SQLInsert, Table: "payments"}},
		{"INSERT INTO \"Billing\".\"Charges\" (a) VALUES (1) RETURNING id", SQLVerdict{Kind: SQLInsert, Table: "billing.charges"}},
		{"-- record the charge\nINSERT INTO charges (a) VALUES (:amount)", SQLVerdict{Kind: SQLInsert, Table: "charges"}},
		{"/* c */ INSERT INTO `charges` (a) VALUES (@p1)", SQLVerdict{Kind: SQLInsert, Table: "charges"}},
		{"WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", SQLVerdict{Kind: SQLInsert, Table: "t"}},
		{"SELECT 1; INSERT INTO t VALUES (1)", SQLVerdict{Kind: SQLInsert, Table: "t"}},
		{"INSERT INTO t (note) VALUES ('on conflict')", SQLVerdict{Kind: SQLInsert, Table: "t"}},
		// Inserts that tolerate a repeat.
		{"INSERT INTO t (id) VALUES ($1) ON CONFLICT DO NOTHING", SQLVerdict{}},
		{"insert into t (id) values ($1) on conflict (id) do update set n = t.n + 1", SQLVerdict{}},
		{"INSERT INTO t (id) VALUES (?) ON DUPLICATE KEY UPDATE id = id", SQLVerdict{}},
		{"INSERT IGNORE INTO t (id) VALUES (?)", SQLVerdict{}},
		{"INSERT OR REPLACE INTO t (id) VALUES (?)", SQLVerdict{}},
		{"INSERT INTO t (id) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM t WHERE id = $1)", SQLVerdict{}},
		{"REPLACE INTO t (id) VALUES (?)", SQLVerdict{}},
		{"UPSERT INTO t (id) VALUES ($1)", SQLVerdict{}},
		{"MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (s.id)", SQLVerdict{}},
		// Updates that add to a column.
		{"UPDATE accounts SET balance = balance - $1 WHERE id = $2", SQLVerdict{Kind: SQLIncrement, Column: "balance", Table: "accounts"}},
		{"update accounts set BALANCE=balance+? where id=?", SQLVerdict{Kind: SQLIncrement, Column: "balance", Table: "accounts"}},
		{"UPDATE a SET \"hits\" = \"Hits\" + 1", SQLVerdict{Kind: SQLIncrement, Column: "hits", Table: "a"}},
		{"UPDATE a SET name = $1, hits = a.hits + 1 WHERE id = $2", SQLVerdict{Kind: SQLIncrement, Column: "hits", Table: "a"}},
		{"UPDATE a SET hits = COALESCE(hits, 0) + 1", SQLVerdict{Kind: SQLIncrement, Column: "hits", Table: "a"}},
		{"UPDATE a SET hits = 1 + hits", SQLVerdict{Kind: SQLIncrement, Column: "hits", Table: "a"}},
		// Updates that set absolute values, or are guarded by a version.
		{"UPDATE accounts SET balance = 5 WHERE id = $1", SQLVerdict{}},
		{"UPDATE accounts SET balance = $1, updated_at = now() WHERE id = $2", SQLVerdict{}},
		{"UPDATE a SET expires = now() + interval '1 day'", SQLVerdict{}},
		{"UPDATE a SET hits = GREATEST(hits, $1)", SQLVerdict{}},
		{"UPDATE a SET balance = balance - $1, version = version + 1 WHERE id = $2 AND version = $3", SQLVerdict{}},
		{"UPDATE a SET total = other + 1", SQLVerdict{}},
		// Everything else.
		{"DELETE FROM t WHERE id = $1", SQLVerdict{}},
		{"SELECT balance + 1 FROM accounts", SQLVerdict{}},
		{"", SQLVerdict{}},
		{"INSERT INTO 'unterminated", SQLVerdict{Kind: SQLInsert}},
		{"UPDATE \"unterminated SET a = a + 1", SQLVerdict{}},
		{"SELECT $tag$ unterminated", SQLVerdict{}},
		{"SELECT $$ INSERT INTO t VALUES (1) $$", SQLVerdict{}},
	}
	for _, tt := range tests {
		if got := ClassifySQL(tt.query); got != tt.want {
			t.Errorf("ClassifySQL(%q) = %+v, want %+v", tt.query, got, tt.want)
		}
	}
}

func TestIsKeyHeader(t *testing.T) {
	for name, want := range map[string]bool{
		"Idempotency-Key":   true,
		"idempotency-key":   true,
		"X-Idempotency-Key": true,
		"Idempotency-Token": true,
		"X-Request-Id":      false,
		"Content-Type":      false,
	} {
		if got := IsKeyHeader(name); got != want {
			t.Errorf("IsKeyHeader(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestUnsafeMethod(t *testing.T) {
	for method, want := range map[string]bool{
		"POST": true, "post": true, "PATCH": true,
		"GET": false, "PUT": false, "DELETE": false, "": false,
	} {
		if got := UnsafeMethod(method); got != want {
			t.Errorf("UnsafeMethod(%q) = %v, want %v", method, got, want)
		}
	}
}

func TestSafeEndpoint(t *testing.T) {
	for url, want := range map[string]bool{
		"https://auth.example/oauth2/token": true,
		"/api/v1/query":                     true,
		"http://es:9200/orders/_search":     true,
		"https://pay.example/charges":       false,
		"https://api.example/v1/orders ":    false,
		"":                                  false,
	} {
		if got := SafeEndpoint(url); got != want {
			t.Errorf("SafeEndpoint(%q) = %v, want %v", url, got, want)
		}
	}
}
