package topology

import (
	"runtime"
	"strings"
	"testing"
)

// TestScanLimitsRefuseBeforeParsing: a list too long, a string too long
// and too many blocks are refused at their position by the scan, before
// HCL builds anything; the allocation stays a small multiple of the input
// (the parsers would need gigabytes for these files).
func TestScanLimitsRefuseBeforeParsing(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"long list", "service \"s\" {\n  zones = [" + strings.Repeat("\"z\", ", 2_000_000) + "]\n}\n",
			"l.nines.hcl:2:50010: list of more than 10000 items: the limit keeps a file from exhausting memory before it is parsed"},
		{"long string", "service \"s\" {\n  engine = \"" + strings.Repeat("x", 5<<20) + "\"\n}\n",
			"l.nines.hcl:2:65550: string longer than 65536 bytes: the limit keeps a file from exhausting memory before it is parsed"},
		{"many blocks", strings.Repeat("a{}\n", 2_500_000),
			"l.nines.hcl:250001:1: more than 250000 blocks in the topology"},
		{"many blocks, JSON", "{\"service\": {" + strings.Repeat("\"s\": {}, ", 600_000) + "}}",
			"l.nines.hcl.json:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "l.nines.hcl"
			if strings.HasPrefix(tc.src, "{") {
				name += ".json"
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := LoadBytes(name, []byte(tc.src), Limits{})
			runtime.ReadMemStats(&after)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("err = %.300v, want %q", err, tc.want)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes of input, %d allocated (%.1fx)", len(tc.src), alloc, float64(alloc)/float64(len(tc.src)))
			if alloc > 12*uint64(len(tc.src))+4<<20 {
				t.Errorf("allocated %d bytes for %d of input: the scan let the parser run", alloc, len(tc.src))
			}
		})
	}
}
