package topology

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/nines-dev/nines/topology/percent"
)

// ExportHCL renders a model as one topology file in the native syntax,
// which Load reads back into the same model (positions aside): what nines
// understood of HCL files, imported manifests and their overlay, merged.
// Every block is preceded by a comment naming where it was read
// ("# from k8s/cart.yaml:12"). Zones, components and journeys are sorted
// by name, calls keep their order in their component and exceptions
// their order in the model. An attribute equal to the language's default
// is left out; availabilities are written as percentages and durations
// in the units of the language, chosen so that they read back to the
// same float64.
func ExportHCL(m *Model) []byte {
	w := &hclWriter{}
	for _, z := range m.Zones {
		b := w.open("zone", z.Name, z.Pos)
		if z.Modelled {
			b.availability("availability", z.Availability)
		}
		w.close(b)
	}
	for _, c := range m.Components {
		w.component(c)
	}
	for _, j := range m.Journeys {
		b := w.open("journey", j.Name, j.Pos)
		b.set("entry", quoteHCL(j.Entry))
		b.availability("slo", j.SLO)
		b.str("window", j.Window, defaultWindow)
		b.duration("timeout", j.Timeout)
		w.close(b)
	}
	for _, e := range m.Exceptions {
		b := w.open("exception", "", e.Pos)
		b.set("rule", quoteHCL(e.Rule))
		b.set("subject", quoteHCL(e.Subject))
		b.set("reason", quoteHCL(e.Reason))
		w.close(b)
	}
	return w.buf.Bytes()
}

// hclWriter writes blocks of the native syntax, the equals signs of each
// block's attributes aligned as hclwrite.Format aligns them.
type hclWriter struct {
	buf   bytes.Buffer
	count int
}

// block is the attributes of a block being written, then its calls.
type block struct {
	indent string
	head   string
	attrs  [][2]string // name, value as written
	inner  []*block
}

func (w *hclWriter) open(typ, name string, p Pos) *block {
	head := typ
	if typ != "exception" {
		head += " " + quoteHCL(name)
	}
	return &block{head: comment(p) + "\n" + head}
}

func (w *hclWriter) close(b *block) {
	if w.count > 0 {
		w.buf.WriteByte('\n')
	}
	w.count++
	b.write(&w.buf)
}

func (b *block) write(buf *bytes.Buffer) {
	in := b.indent + "  "
	for _, l := range strings.Split(b.head, "\n") {
		buf.WriteString(b.indent + l)
		if !strings.HasPrefix(l, "#") {
			buf.WriteString(" {")
		}
		buf.WriteByte('\n')
	}
	width := 0
	for _, a := range b.attrs {
		width = max(width, len(a[0]))
	}
	for _, a := range b.attrs {
		fmt.Fprintf(buf, "%s%-*s = %s\n", in, width, a[0], a[1])
	}
	for _, c := range b.inner {
		if len(b.attrs) > 0 || c != b.inner[0] {
			buf.WriteByte('\n')
		}
		c.indent = in
		c.write(buf)
	}
	buf.WriteString(b.indent + "}\n")
}

func (b *block) set(name, value string) { b.attrs = append(b.attrs, [2]string{name, value}) }

func (b *block) integer(name string, v, def int) {
	if v != def {
		b.set(name, strconv.Itoa(v))
	}
}

func (b *block) str(name, v, def string) {
	if v != def {
		b.set(name, quoteHCL(v))
	}
}

func (b *block) boolean(name string, v, def bool) {
	if v != def {
		b.set(name, strconv.FormatBool(v))
	}
}

func (b *block) duration(name string, secs *float64) {
	if secs != nil {
		b.set(name, quoteHCL(FormatDuration(*secs)))
	}
}

// availability writes an availability as a percentage when one reads
// back to the same float64 (the shortest decimal of a float64 does), as
// a number in (0, 1] otherwise.
func (b *block) availability(name string, a float64) {
	if s := availabilityText(a); s != "" {
		b.set(name, quoteHCL(s))
		return
	}
	b.set(name, strconv.FormatFloat(a, 'g', -1, 64))
}

func (w *hclWriter) component(c *Component) {
	b := w.open(c.Kind, c.Name, c.Pos)
	if c.Kind != KindExternal {
		// An external has one instance and no placement (the loader
		// refuses zones and min_healthy on it).
		b.integer("instances", c.Instances, 1)
		if len(c.Zones) > 0 {
			zones := make([]string, len(c.Zones))
			for i, z := range c.Zones {
				zones[i] = quoteHCL(z)
			}
			b.set("zones", "["+strings.Join(zones, ", ")+"]")
		}
		b.integer("min_healthy", c.MinHealthy, 1)
	}
	if c.InstanceAvailability != DefaultInstanceAvailability {
		b.availability("availability", c.InstanceAvailability)
	}
	b.duration("latency_p99", c.LatencyP99)
	b.str("mode", c.Mode, "active-active")
	b.str("failover", c.Failover, "automatic")
	if c.FailoverTime != DefaultFailoverSeconds {
		b.duration("failover_time", &c.FailoverTime)
	}
	if c.MTTR != DefaultMTTRSeconds {
		b.duration("mttr", &c.MTTR)
	}
	b.boolean("stateless", c.Stateless, true)
	b.str("session_store", c.SessionStore, "")
	b.str("engine", c.Engine, "")
	b.str("consistency", c.Consistency, "strong")
	b.str("replication", c.Replication, "none")
	b.duration("replication_lag", c.ReplicationLag)
	b.duration("rpo", c.RPO)
	b.duration("rto", c.RTO)
	for _, call := range c.Calls {
		cb := &block{head: comment(call.Pos) + "\ncall " + quoteHCL(call.To)}
		cb.duration("timeout", call.Timeout)
		cb.duration("total_timeout", call.TotalTimeout)
		cb.integer("retries", call.Retries, 0)
		cb.str("backoff", call.Backoff, "none")
		cb.boolean("jitter", call.Jitter, false)
		cb.boolean("idempotent", call.Idempotent, false)
		cb.boolean("idempotency_key", call.IdempotencyKey, false)
		cb.boolean("circuit_breaker", call.CircuitBreaker, false)
		cb.str("fallback", call.Fallback, "")
		cb.boolean("required", call.Required, true)
		cb.str("consistency", call.Consistency, "")
		b.inner = append(b.inner, cb)
	}
	w.close(b)
}

// comment is "# from FILE:LINE"; a file name that would end the comment
// early is quoted.
func comment(p Pos) string {
	file := p.File
	if strings.ContainsFunc(file, func(r rune) bool { return r < ' ' || r == 0x7f || r == 0x2028 || r == 0x2029 }) {
		file = strconv.Quote(file)
	}
	if p.Line > 0 {
		return "# from " + file + ":" + strconv.Itoa(p.Line)
	}
	return "# from " + file
}

// quoteHCL quotes s as an HCL string literal that reads back to s: the
// escapes HCL knows, other control characters as \uNNNN, and "${" and
// "%{" doubled so that they are not read as a template.
func quoteHCL(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < ' ' || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// availabilityText is a as a percentage that percent.Parse reads back
// to a, or "".
func availabilityText(a float64) string {
	if math.IsNaN(a) || math.IsInf(a, 0) || a <= 0 || a > 1 {
		return ""
	}
	// The shortest decimal that reads back to a, its point moved two
	// places to the right.
	whole, frac, _ := strings.Cut(strconv.FormatFloat(a, 'f', -1, 64), ".")
	frac += strings.Repeat("0", max(0, 2-len(frac)))
	whole = strings.TrimLeft(whole+frac[:2], "0")
	if whole == "" {
		whole = "0"
	}
	s := whole
	if frac = frac[2:]; frac != "" {
		s += "." + frac
	}
	s += "%"
	if back, err := percent.Parse(s); err != nil || back != a {
		return ""
	}
	return s
}

// FormatDuration writes a number of seconds as a duration of the
// language that ParseDuration reads back to the same float64 when one of
// these does: whole days as days ("30d"), a Go duration without its zero
// units ("250ms", "1h30m"), the seconds in decimal, the days in decimal.
// Otherwise (days and a fraction of a nanosecond, as "1.1d1ns" can
// give) it is the Go duration, rounded to the nanosecond.
func FormatDuration(secs float64) string {
	var candidates []string
	if secs >= 86400 && math.Mod(secs, 86400) == 0 {
		candidates = append(candidates, strconv.FormatFloat(secs/86400, 'f', -1, 64)+"d")
	}
	goText := time.Duration(math.Round(secs * 1e9)).String()
	if strings.HasSuffix(goText, "m0s") {
		goText = strings.TrimSuffix(goText, "0s")
	}
	if strings.HasSuffix(goText, "h0m") {
		goText = strings.TrimSuffix(goText, "0m")
	}
	candidates = append(candidates, goText,
		strconv.FormatFloat(secs, 'f', -1, 64)+"s",
		strconv.FormatFloat(secs/86400, 'f', -1, 64)+"d")
	for _, c := range candidates {
		if back, err := ParseDuration(c); err == nil && back == secs {
			return c
		}
	}
	return goText
}
