package cli_test

import (
	"strings"
	"testing"
)

func TestTopoAdviseAndFail(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"topo", "--advise", "testdata/topology/naive-shop"}, 1,
			[]string{"JOURNEY   CHANGE", `checkout  database "db": instances = 2       99.790%       92.1 min  no`}},
		{[]string{"topo", "--advise", "--format", "json", "testdata/topology/naive-shop"}, 1,
			[]string{`"change": "database \"db\": instances = 2"`, `"set": {`, `"instances": "2"`}},
		{[]string{"topo", "--advise", "testdata/topology/reviewed-shop"}, 0,
			[]string{"every journey meets its slo: no advice"}},
		{[]string{"topo", "--fail", "zone:eu-west-1a", "testdata/topology/naive-shop"}, 1,
			[]string{"with zone:eu-west-1a down:", "checkout  stops"}},
		{[]string{"topo", "--fail", "component:payments", "testdata/topology/reviewed-shop"}, 0,
			[]string{"checkout  degraded", "api->payments (fallback orders-queue)"}},
		{[]string{"topo", "--fail", "component:payments", "--format", "json", "testdata/topology/reviewed-shop"}, 0,
			[]string{`"fail": "component:payments"`, `"status": "degraded"`}},
	} {
		stdout, stderr, code := run(t, tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit code %d, want %d; stderr %s", tc.args, code, tc.code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: output does not contain %q:\n%s", tc.args, w, stdout)
			}
		}
	}
	for args, want := range map[string]string{
		"--fail region:x":        "-fail must be zone:NAME or component:NAME",
		"--fail zone:nowhere":    `no zone "nowhere" in the topology`,
		"--advise --fail zone:x": "-advise and -fail answer different questions",
	} {
		_, stderr, code := run(t, append(append([]string{"topo"}, strings.Fields(args)...), "testdata/topology/naive-shop")...)
		if code != 2 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q, want 2 and %q", args, code, stderr, want)
		}
	}
}
