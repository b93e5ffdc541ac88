//go:build !ninesplan

package policy_test

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/nines-dev/nines/topology/policy"
)

// topologyOptions describes the topology behind facts(): shop.nines.hcl of
// 20 lines of 40 bytes, with the database db at 12:1.
func topologyOptions(dir fs.FS) policy.Options {
	lines := make([]int, 20)
	for i := range lines {
		lines[i] = 40
	}
	return policy.Options{
		Policies: []fs.FS{dir},
		Files:    map[string][]int{"shop.nines.hcl": lines},
		Subjects: policy.SubjectTable(func() map[string]policy.Position {
			return map[string]policy.Position{"db": {File: "shop.nines.hcl", Line: 12, Column: 1}}
		}),
	}
}

// reporting is a user policy whose report rule, at line 5, yields the
// finding built by expr.
func reporting(expr string) string {
	return "package nines.custom.forger\n\nimport data.nines.lib\n\nreport contains f if {\n\tf := " + expr + "\n}\n"
}

// finding is a finding object of the forger policy with fields replaced.
func finding(fields ...string) string {
	base := map[string]string{
		"rule": `"custom/forger"`, "severity": `"warning"`, "message": `"m"`, "subject": `"db"`,
		"file": `"shop.nines.hcl"`, "line": "12", "column": "1",
	}
	for i := 0; i+1 < len(fields); i += 2 {
		base[fields[i]] = fields[i+1]
	}
	var parts []string
	for _, k := range []string{"rule", "severity", "message", "subject", "file", "line", "column"} {
		parts = append(parts, `"`+k+`": `+base[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// TestForgedFindingsAreRejected: each probe of issue 12 that a user
// policy could use to pass a finding off as something else is an error at
// the policy's report rule.
func TestForgedFindingsAreRejected(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"built-in rule id", reporting(finding("rule", `"spof/single-instance"`)),
			`p.rego:5:1: finding of "spof/single-instance" rejected: its rule id must be custom/forger or start with custom/forger/`},
		{"another policy's id", reporting(finding("rule", `"custom/other"`)),
			`its rule id must be custom/forger`},
		{"id by metadata", "# METADATA\n# custom:\n#   id: spof/single-zone\npackage nines.custom.forger\n\nimport data.nines.lib\n\nreport contains lib.finding(rego.metadata.chain(), \"db\", \"m\", input.components.db)\n",
			`p.rego:8:1: finding of "spof/single-zone" rejected`},
		{"file outside the topology", reporting(finding("file", `"/etc/passwd"`)),
			`its file "/etc/passwd" is not a loaded topology file`},
		{"negative column", reporting(finding("column", "-3")),
			`column -3 is outside line 12 of shop.nines.hcl`},
		{"line past the end", reporting(finding("line", "21")),
			`line 21 is outside shop.nines.hcl (20 lines)`},
		{"column past the line", reporting(finding("column", "42")),
			`column 42 is outside line 12 of shop.nines.hcl (40 bytes)`},
		{"unknown severity", reporting(finding("severity", `"catastrophic"`)),
			`severity "catastrophic": use error, warning or note`},
		{"huge message", reporting(finding("message", `concat("", [s | some _ in numbers.range(1, 5000); s := "xxxx"])`)),
			`its message is 20000 bytes, over the limit of 4096`},
		{"no position, unknown subject", reporting(finding("file", `""`, "line", "0", "column", "0", "subject", `"ghost"`)),
			`it has no position and its subject "ghost" is no component, call, journey or zone`},
		{"control characters in the id", reporting(finding("rule", `"custom/forger/\n::error x"`)),
			`its rule id must be at most 200 bytes without control characters`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := policy.Dir("policies", fstest.MapFS{"p.rego": {Data: []byte(tc.src)}})
			got, err := policy.Evaluate(context.Background(), facts(), topologyOptions(dir))
			if err == nil {
				t.Fatalf("no error, findings %+v; want %q", got, tc.want)
			}
			if !strings.Contains(err.Error(), "policies/p.rego:") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not name the policy or contain %q", err, tc.want)
			}
		})
	}
}

// TestHonestCustomFindings are accepted: a sub-id, a note, and a finding
// without position that takes its subject's.
func TestHonestCustomFindings(t *testing.T) {
	src := "package nines.custom.forger\n\nreport contains " + finding("rule", `"custom/forger/sub"`, "severity", `"note"`) +
		"\n\nreport contains " + finding("file", `""`, "line", "0", "column", "0") + "\n"
	dir := policy.Dir("policies", fstest.MapFS{"p.rego": {Data: []byte(src)}})
	got, err := policy.Evaluate(context.Background(), facts(), topologyOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	var custom []policy.Finding
	for _, f := range got {
		if strings.HasPrefix(f.Rule, "custom/") {
			custom = append(custom, f)
		}
	}
	want := []policy.Finding{
		{Rule: "custom/forger", Severity: "warning", Message: "m", Subject: "db", File: "shop.nines.hcl", Line: 12, Column: 1},
		{Rule: "custom/forger/sub", Severity: "note", Message: "m", Subject: "db", File: "shop.nines.hcl", Line: 12, Column: 1},
	}
	if len(custom) != len(want) || custom[0] != want[0] || custom[1] != want[1] {
		t.Errorf("got %+v, want %+v", custom, want)
	}
}

// TestNonDeterministicBuiltinsAreRemoved: one probe per built-in whose
// result depends on the clock or chance.
func TestNonDeterministicBuiltinsAreRemoved(t *testing.T) {
	for _, call := range []string{
		`time.now_ns()`, `rand.intn("x", 10)`, `uuid.rfc4122("x")`,
		`io.jwt.decode_verify("a.b.c", {"secret": "s"})`,
		`crypto.x509.parse_and_verify_certificates("x")`,
	} {
		name := call[:strings.IndexByte(call, '(')]
		t.Run(name, func(t *testing.T) {
			src := "package nines.custom.clock\n\nreport contains x if {\n\tx := " + call + "\n}\n"
			dir := policy.Dir("policies", fstest.MapFS{"p.rego": {Data: []byte(src)}})
			_, err := policy.Evaluate(context.Background(), facts(), topologyOptions(dir))
			want := "policies/p.rego:4:7: " + name + " is not allowed in nines policies"
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("got error %v, want %q", err, want)
			}
		})
	}
}

// TestTimeLimitCoversCompilation: the limit starts before the policies are
// compiled and names each user policy file. A limit already spent is the
// deterministic case; the evaluation's own limit is TestTimeLimit.
func TestTimeLimitCoversCompilation(t *testing.T) {
	dir := policy.Dir("policies", fstest.MapFS{"p.rego": {Data: []byte("package nines.custom.never_compiled\n\nreport contains 1 if false\n")}})
	_, err := policy.Evaluate(context.Background(), facts(), policy.Options{Policies: []fs.FS{dir}, Timeout: time.Nanosecond})
	want := "policies/p.rego:1:1: compiling the policies stopped after the time limit of 1ns: raise it with -policy-timeout or policy_timeout in .nines.hcl"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestPolicyFilesAreBoundedBeforeParsing: a policy file over 1 MiB is
// refused at its position without being parsed.
func TestPolicyFilesAreBoundedBeforeParsing(t *testing.T) {
	big := "package nines.custom.big\n\n" + strings.Repeat("# padding\n", policy.MaxPolicyFileBytes/10+1)
	dir := policy.Dir("policies", fstest.MapFS{"big.rego": {Data: []byte(big)}})
	_, err := policy.Evaluate(context.Background(), facts(), policy.Options{Policies: []fs.FS{dir}})
	if err == nil || !strings.HasPrefix(err.Error(), "policies/big.rego:1:1: policy file is ") {
		t.Errorf("got %v, want an error at policies/big.rego:1:1", err)
	}
}
