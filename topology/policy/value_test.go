//go:build !ninesplan

package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

type embedded struct {
	Shared string `json:"shared"`
	Hidden string `json:"-"`
}

type stamp struct{ t time.Time }

func (s stamp) MarshalJSON() ([]byte, error) { return json.Marshal(s.t.UTC().Format(time.RFC3339)) }

type item struct {
	embedded
	Name     string            `json:"name"`
	Count    int               `json:"count"`
	Ratio    float64           `json:"ratio"`
	Whole    float64           `json:"whole"`
	Timeout  *float64          `json:"timeout_seconds"`
	Attempts *int              `json:"attempts"`
	Tags     []string          `json:"tags"`
	NilTags  []string          `json:"nil_tags"`
	Labels   map[string]string `json:"labels"`
	Skip     string            `json:"skip,omitempty"`
	Flag     bool              `json:"flag"`
	When     stamp             `json:"when"`
	Untagged uint8
	private  int
}

type doc struct {
	Items  []*item           `json:"items"`
	ByName map[string]*item  `json:"by_name"`
	Extra  map[string]any    `json:"extra"`
	Empty  map[string]string `json:"empty"`
}

// TestToValueMatchesJSON checks the direct conversion against the
// reference route: encoding/json, then OPA's own conversion.
func TestToValueMatchesJSON(t *testing.T) {
	half := 0.5
	three := 3
	mk := func(i int) *item {
		it := &item{
			embedded: embedded{Shared: "s", Hidden: "h"},
			Name:     fmt.Sprintf("c%d", i), Count: i, Ratio: 0.999, Whole: 64,
			Tags: []string{"a", "b"}, Labels: map[string]string{"k": "v"},
			Flag: i%2 == 0, When: stamp{time.Unix(int64(i), 0)}, Untagged: 7, private: 1,
		}
		if i%2 == 0 {
			it.Timeout, it.Attempts = &half, &three
		}
		return it
	}
	for _, n := range []int{3, 5000} { // 5000: long arrays are converted in halves
		d := doc{ByName: map[string]*item{}, Extra: map[string]any{"n": json.Number("1.25"), "list": []any{1.5, "x", nil, true}}}
		for i := range n {
			d.Items = append(d.Items, mk(i))
			d.ByName[fmt.Sprint(i)] = mk(i)
		}
		got, err := toValue(&d)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ast.ValueFromReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 {
			t.Errorf("n=%d: direct conversion differs from encoding/json:\ngot  %.400v\nwant %.400v", n, got, want)
		}
	}
}

func TestToValueRejectsNaN(t *testing.T) {
	if _, err := toValue(map[string]any{"x": []any{map[string]any{"a": nanValue()}}}); err == nil {
		t.Error("NaN converted without error")
	}
}

func nanValue() float64 {
	zero := 0.0
	return zero / zero
}
