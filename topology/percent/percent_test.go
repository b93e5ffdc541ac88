package percent

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// randomPercent writes a percentage the way users do: a few nines, then
// a few more digits.
func randomPercent(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(90 + r.IntN(10)))
	if d := r.IntN(8); d > 0 {
		b.WriteByte('.')
		for range d {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
	}
	return b.String() + "%"
}

func TestParseIsTheNearestFloatToTheDecimal(t *testing.T) {
	for in, want := range map[string]float64{"99.9%": 0.999, "99.95%": 0.9995, "100%": 1, " 50 %": 0.5, "99.99999%": 0.9999999} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"99.9", "0%", "100.1%", "1e2%", "1/2%", "-5%", "%", ".%", "9.9.9%", strings.Repeat("9", 41) + "%"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", in)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		s := randomPercent(r)
		got, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		exact, _ := new(big.Rat).SetString(strings.TrimSuffix(s, "%"))
		want, _ := exact.Quo(exact, big.NewRat(100, 1)).Float64()
		if got != want {
			t.Fatalf("Parse(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestBelowNeverReadsEqual is the property behind every "X below its slo
// of Y" message: when a is below b, the two renderings differ and the
// first reads smaller; when they are equal as written, neither is below.
func TestBelowNeverReadsEqual(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 200000 {
		slo, _ := Parse(randomPercent(r))
		var a float64
		switch i % 4 {
		case 0: // the same decimal, computed: 1 − (1 − x)
			a = 1 - (1 - slo)
		case 1: // a hair below or above
			a = slo + (r.Float64()-0.5)*1e-9
		case 2: // a product of two factors whose product is the slo
			f := 1 - r.Float64()*(1-slo)
			a = f * (slo / f)
		default:
			a = slo - r.Float64()*(1-slo)
		}
		if !Below(a, slo) {
			continue
		}
		got, ref := FormatBelow(a, slo), Objective(slo)
		if got == ref {
			t.Fatalf("%v is below %v but both read %s", a, slo, got)
		}
		g, _ := strconv.ParseFloat(strings.TrimSuffix(got, "%"), 64)
		w, _ := strconv.ParseFloat(strings.TrimSuffix(ref, "%"), 64)
		if g >= w {
			t.Fatalf("%v is below %v but reads %s against %s", a, slo, got, ref)
		}
	}
	for _, x := range []float64{0.999, 0.9995, 0.99999} {
		if Below(1-(1-x), x) || Below(x, 1-(1-x)) {
			t.Errorf("%v and 1-(1-%v) compare unequal", x, x)
		}
	}
}

func TestFormat(t *testing.T) {
	for a, want := range map[float64]string{0.99797: "99.797%", 1: "100%", 0.9999995: "99.99995%", 0.5: "50%", 0.9800990199: "98.0099%"} {
		if got := Format(a); got != want {
			t.Errorf("Format(%v) = %q, want %q", a, got, want)
		}
	}
	if got := Objective(0.9410273); got != "94.10273%" {
		t.Errorf("Objective = %q", got)
	}
	if got := FormatBelow(0.99949999, 0.9995); got != "99.949999%" {
		t.Errorf("FormatBelow = %q", got)
	}
}
