package topology

import (
	"maps"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// applyAdvice edits the topology file as a user would: sets each attribute
// of the advice in the component's block, or in its call block, replacing
// the attribute where the block has it and adding it after the opening
// brace otherwise.
func applyAdvice(t *testing.T, src []byte, a Advice) []byte {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(src, "shop.nines.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var target *hclsyntax.Block
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if len(b.Labels) == 1 && b.Labels[0] == a.Component {
			target = b
		}
	}
	if target != nil && a.Call != "" {
		var call *hclsyntax.Block
		for _, b := range target.Body.Blocks {
			if b.Type == "call" && b.Labels[0] == a.Call {
				call = b
			}
		}
		target = call
	}
	if target == nil {
		t.Fatalf("advice %q names a block the file does not have", a.Change)
	}
	out := slices.Clone(src)
	names := slices.Sorted(maps.Keys(a.Set))
	// Replace from the end of the file so that offsets stay valid.
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	for _, name := range names {
		if attr, ok := target.Body.Attributes[name]; ok {
			r := attr.SrcRange
			edits = append(edits, edit{r.Start.Byte, r.End.Byte, name + " = " + a.Set[name]})
			continue
		}
		at := target.OpenBraceRange.End.Byte
		edits = append(edits, edit{at, at, "\n  " + name + " = " + a.Set[name] + "\n"})
	}
	slices.SortFunc(edits, func(x, y edit) int { return y.start - x.start })
	for _, e := range edits {
		out = append(out[:e.start], append([]byte(e.text), out[e.end:]...)...)
	}
	return out
}

// TestAdviceAppliedGivesWhatItPredicted: every change --advise suggests
// for naive-shop, written into the file and checked again, gives the
// availability, downtime and verdict it predicted.
func TestAdviceAppliedGivesWhatItPredicted(t *testing.T) {
	src, err := os.ReadFile("../testdata/topology/naive-shop/shop.nines.hcl")
	if err != nil {
		t.Fatal(err)
	}
	m, err := LoadBytes("shop.nines.hcl", src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	advice := Advise(m)
	if len(advice) < 2 {
		t.Fatalf("got %d pieces of advice for naive-shop, want at least 2: %+v", len(advice), advice)
	}
	for _, a := range advice {
		edited := applyAdvice(t, src, a)
		mm, err := LoadBytes("shop.nines.hcl", edited, Limits{})
		if err != nil {
			t.Errorf("%s: the edited file does not load: %v\n%s", a.Change, err, edited)
			continue
		}
		for _, r := range Analyze(mm).Journeys {
			if r.Journey.Name != a.Journey {
				continue
			}
			if math.Abs(r.Availability-a.Availability) > 1e-12 || math.Abs(r.DowntimeMinutes-a.DowntimeMinutes) > 1e-9 || r.MeetsSLO != a.MeetsSLO {
				t.Errorf("%s: predicted %.12f (%v min, met %v), the edited file gives %.12f (%v min, met %v)",
					a.Change, a.Availability, a.DowntimeMinutes, a.MeetsSLO, r.Availability, r.DowntimeMinutes, r.MeetsSLO)
			}
			t.Logf("%s: %.6f%%, as predicted", a.Change, 100*r.Availability)
		}
	}
}

// TestFailAgainstBruteForce: the availability left with a zone or a
// component down is the brute-force enumerator's with it down, and the
// journeys that lose everything stop.
func TestFailAgainstBruteForce(t *testing.T) {
	for _, tc := range []struct {
		dir, target string
		status      map[string]string
	}{
		{"naive-shop", "zone:eu-west-1a", map[string]string{"checkout": "stops"}},
		{"naive-shop", "component:payments", map[string]string{"checkout": "stops"}},
		{"reviewed-shop", "zone:eu-west-1a", map[string]string{"browse": "degraded", "checkout": "degraded"}},
		{"reviewed-shop", "component:payments", map[string]string{"checkout": "degraded"}},
	} {
		t.Run(tc.dir+" "+tc.target, func(t *testing.T) {
			src, err := os.ReadFile("../testdata/topology/" + tc.dir + "/shop.nines.hcl")
			if err != nil {
				t.Fatal(err)
			}
			m, err := LoadBytes("shop.nines.hcl", src, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			impacts, err := Fail(m, tc.target)
			if err != nil {
				t.Fatal(err)
			}
			// The same failure, stated on a fresh model for the enumerator.
			down, _ := LoadBytes("shop.nines.hcl", src, Limits{})
			if _, err := failOne(down, tc.target[:indexColon(tc.target)], tc.target[indexColon(tc.target)+1:]); err != nil {
				t.Fatal(err)
			}
			for _, im := range impacts {
				for _, j := range down.Journeys {
					if j.Name != im.Journey {
						continue
					}
					if want := bruteForce(down, j); math.Abs(im.After-want) > 1e-12 {
						t.Errorf("%s: %.12f left, brute force %.12f", im.Journey, im.After, want)
					}
				}
				if want, ok := tc.status[im.Journey]; ok && im.Status != want {
					t.Errorf("%s: %s, want %s (%+v)", im.Journey, im.Status, want, im)
				}
				t.Logf("%+v", im)
			}
		})
	}
	if _, err := Fail(mustLoad(t, "service \"a\" {}\n"), "zone:nowhere"); err == nil {
		t.Errorf("failing a zone that does not exist succeeded")
	}
}

func indexColon(s string) int {
	for i := range s {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

// TestEveryKindOfAdviceAppliesAsPredicted: a topology that draws every
// kind of change (instances, a zone, automatic failover, a shorter
// failover_time, a fallback) gets, from each suggestion written into the
// file, the availability predicted.
func TestEveryKindOfAdviceAppliesAsPredicted(t *testing.T) {
	src := []byte(`zone "a" {
  availability = "99%"
}
zone "b" {
  availability = "99.5%"
}
zone "c" {
  availability = "99.9%"
}
service "web" {
  instances = 2
  zones     = ["a", "b"]
  call "api" {}
  call "search" {}
}
service "api" {
  zones = ["a"]
  call "db" {}
  call "ledger" {}
}
service "search" {
  availability = "98%"
}
service "search-cache" {
  availability = "99%"
}
database "db" {
  instances     = 2
  zones         = ["a", "b"]
  mode          = "active-passive"
  failover_time = "20m"
}
database "ledger" {
  instances = 2
  zones     = ["b", "c"]
  mode      = "active-passive"
  failover  = "manual"
}
journey "j" {
  entry = "web"
  slo   = "99.99%"
}
`)
	m, err := LoadBytes("shop.nines.hcl", src, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, r := range Analyze(m).Journeys {
		for _, ch := range candidates(m, r) {
			for attr := range ch.set {
				kinds[attr] = true
			}
		}
	}
	for _, want := range []string{"instances", "zones", "failover", "failover_time", "fallback"} {
		if !kinds[want] {
			t.Errorf("no candidate sets %s", want)
		}
	}
	if advice := Advise(m); len(advice) != MaxAdvice {
		t.Errorf("got %d pieces of advice, want %d", len(advice), MaxAdvice)
	}
	// Every candidate, not only the five best: its prediction, computed
	// on the model, against the file edited as the advice says.
	r := Analyze(m).Journeys[0]
	for _, ch := range candidates(m, r) {
		undo := ch.apply(m)
		predicted := Analyze(m).Journeys[0].Availability
		undo()
		a := Advice{Change: ch.words, Component: ch.component, Call: ch.call, Set: ch.set}
		mm, err := LoadBytes("shop.nines.hcl", applyAdvice(t, src, a), Limits{})
		if err != nil {
			t.Errorf("%s: %v", a.Change, err)
			continue
		}
		if got := Analyze(mm).Journeys[0].Availability; math.Abs(got-predicted) > 1e-12 {
			t.Errorf("%s: predicted %.12f, the edited file gives %.12f", a.Change, predicted, got)
		}
	}
	if after := Analyze(m).Journeys[0].Availability; after != r.Availability {
		t.Errorf("the candidates left the model changed: %v, was %v", after, r.Availability)
	}
}
