package topology

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nines-dev/nines/internal/hclschema"
)

// build turns the validated files into one Model and checks every
// reference: names are unique, calls, fallbacks, zones, session stores and
// journey entries resolve, and required calls form no cycle.
// maxNameLength is the schema's maxLength of a name.
const maxNameLength = 256

// truncateName keeps a message about a long name short.
func truncateName(s string) string {
	for i := range s {
		if i >= 40 {
			return s[:i]
		}
	}
	return s
}

func (l *loader) build() *Model {
	m := &Model{zoneByName: map[string]*Zone{}, byName: map[string]*Component{}}
	journeyPos := map[string]Pos{}
	var comps []*rawBlock
	for _, f := range l.files {
		for _, rb := range f.blocks {
			// Names are bounded where they are declared as where they are
			// referenced (the schema's name: 256 characters).
			if rb.typ != "exception" && utf8.RuneCountInString(rb.name) > maxNameLength {
				l.errorf(rb.pos, "the name of %s %q… is longer than %d characters", rb.typ, truncateName(rb.name), maxNameLength)
				continue
			}
			switch rb.typ {
			case "zone":
				if z := m.zoneByName[rb.name]; z != nil {
					l.errorf(rb.pos, "zone %q is already declared at %s", rb.name, z.Pos)
					continue
				}
				z := &Zone{Name: rb.name, Pos: rb.pos, Availability: 1}
				if a, ok := l.optionalAvailability(rb, "availability"); ok {
					z.Availability, z.Modelled = a, true
				}
				m.zoneByName[rb.name] = z
				m.Zones = append(m.Zones, z)
			case "journey":
				if p, dup := journeyPos[rb.name]; dup {
					l.errorf(rb.pos, "journey %q is already declared at %s", rb.name, p)
					continue
				}
				journeyPos[rb.name] = rb.pos
				m.Journeys = append(m.Journeys, l.journey(rb))
			case "exception":
				m.Exceptions = append(m.Exceptions, &Exception{
					Rule: rb.str("rule", ""), Subject: rb.str("subject", ""),
					Reason: rb.str("reason", ""), Pos: rb.pos,
				})
			default:
				if c := m.byName[rb.name]; c != nil {
					l.errorf(rb.pos, "component %q is already declared at %s", rb.name, c.Pos)
					continue
				}
				c := l.component(rb)
				m.byName[c.Name] = c
				m.Components = append(m.Components, c)
				comps = append(comps, rb)
			}
		}
	}
	for i, c := range m.Components {
		l.checkComponentRefs(m, c, comps[i])
	}
	for _, j := range m.Journeys {
		if m.byName[j.Entry] == nil {
			l.errorf(journeyAttrPos(l, j), "journey %q enters through unknown component %q", j.Name, j.Entry)
		}
	}
	if len(l.errs) == 0 {
		l.checkCycles(m)
	}
	slices.SortFunc(m.Zones, func(a, b *Zone) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(m.Components, func(a, b *Component) int { return cmp.Compare(a.Name, b.Name) })
	for i, c := range m.Components {
		c.Index = i
		m.Calls = append(m.Calls, c.Calls...)
	}
	slices.SortFunc(m.Calls, func(a, b *Call) int { return comparePos(a.Pos, b.Pos) })
	slices.SortFunc(m.Journeys, func(a, b *Journey) int { return cmp.Compare(a.Name, b.Name) })
	return m
}

func comparePos(a, b Pos) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
}

// journeyAttrPos is where a journey's entry is written, or the journey.
func journeyAttrPos(l *loader, j *Journey) Pos {
	if p, ok := l.entryPos[j]; ok {
		return p
	}
	return j.Pos
}

func (l *loader) component(rb *rawBlock) *Component {
	c := &Component{
		Name: rb.name, Kind: rb.typ, Pos: rb.pos,
		Instances:            int(rb.int("instances", 1)),
		InstanceAvailability: l.availability(rb, "availability", DefaultInstanceAvailability),
		MinHealthy:           int(rb.int("min_healthy", 1)),
		LatencyP99:           l.duration(rb, "latency_p99"),
		Mode:                 rb.str("mode", "active-active"),
		Failover:             rb.str("failover", "automatic"),
		FailoverTime:         l.durationOr(rb, "failover_time", DefaultFailoverSeconds),
		MTTR:                 l.durationOr(rb, "mttr", DefaultMTTRSeconds),
		Stateless:            rb.bool("stateless", true),
		SessionStore:         rb.str("session_store", ""),
		Engine:               rb.str("engine", ""),
		Consistency:          rb.str("consistency", "strong"),
		Replication:          rb.str("replication", "none"),
		ReplicationLag:       l.duration(rb, "replication_lag"),
		RPO:                  l.duration(rb, "rpo"),
		RTO:                  l.duration(rb, "rto"),
		Zones:                rb.strings("zones"),
	}
	if c.Kind == KindExternal {
		// A vendor's availability is of the whole dependency: placement
		// and k-of-n would silently change nothing.
		for _, attr := range []string{"zones", "min_healthy"} {
			if _, set := rb.attrPos[attr]; set {
				l.errorf(rb.posOf(attr), "%s has no meaning for external %q: its availability is the vendor's for the whole dependency; remove it", attr, c.Name)
			}
		}
		c.Instances = 1
		c.MinHealthy = 1
		c.Zones = nil
	} else if c.MinHealthy > c.Instances {
		l.errorf(rb.posOf("min_healthy"), "min_healthy %d exceeds instances %d of %s %q", c.MinHealthy, c.Instances, c.Kind, c.Name)
	}
	if c.MTTR <= 0 {
		l.errorf(rb.posOf("mttr"), "mttr must be above zero")
	}
	for _, cb := range rb.calls {
		call := &Call{
			From: c.Name, To: cb.name, Pos: cb.pos,
			Timeout:        l.duration(cb, "timeout"),
			Retries:        int(cb.int("retries", 0)),
			Backoff:        cb.str("backoff", "none"),
			Jitter:         cb.bool("jitter", false),
			Idempotent:     cb.bool("idempotent", false),
			IdempotencyKey: cb.bool("idempotency_key", false),
			CircuitBreaker: cb.bool("circuit_breaker", false),
			Fallback:       cb.str("fallback", ""),
			Required:       cb.bool("required", true),
			Consistency:    cb.str("consistency", ""),
		}
		c.Calls = append(c.Calls, call)
	}
	return c
}

func (l *loader) journey(rb *rawBlock) *Journey {
	j := &Journey{
		Name: rb.name, Pos: rb.pos,
		Entry:   rb.str("entry", ""),
		SLO:     l.availability(rb, "slo", 0.999),
		Window:  rb.str("window", defaultWindow),
		Timeout: l.duration(rb, "timeout"),
	}
	wm, err := WindowMinutes(j.Window)
	if err != nil {
		wm = defaultMinutes // reported by checkUnits
	}
	j.WindowMinutes = wm
	if l.entryPos == nil {
		l.entryPos = map[*Journey]Pos{}
	}
	l.entryPos[j] = rb.posOf("entry")
	return j
}

func (l *loader) checkComponentRefs(m *Model, c *Component, rb *rawBlock) {
	for _, z := range c.Zones {
		if m.zoneByName[z] == nil {
			l.errorf(rb.posOf("zones"), "%s %q is placed in unknown zone %q", c.Kind, c.Name, z)
		}
	}
	if c.SessionStore != "" && m.byName[c.SessionStore] == nil {
		l.errorf(rb.posOf("session_store"), "%s %q keeps sessions in unknown component %q", c.Kind, c.Name, c.SessionStore)
	}
	for i, call := range c.Calls {
		cb := rb.calls[i]
		if m.byName[call.To] == nil {
			l.errorf(call.Pos, "%s %q calls unknown component %q", c.Kind, c.Name, call.To)
		}
		switch {
		case call.Fallback == "":
		case m.byName[call.Fallback] == nil:
			l.errorf(cb.posOf("fallback"), "call %s falls back to unknown component %q", call.ID(), call.Fallback)
		case call.Fallback == call.To:
			l.errorf(cb.posOf("fallback"), "call %s falls back to its own target", call.ID())
		}
	}
}

// checkCycles reports every strongly connected group of components joined
// by required calls (a fallback counts as a required edge: the caller
// depends on it when the target is down).
func (l *loader) checkCycles(m *Model) {
	n := len(m.Components)
	idx := make(map[string]int, n)
	for i, c := range m.Components {
		idx[c.Name] = i
	}
	type edge struct {
		to   int
		call *Call
	}
	adj := make([][]edge, n)
	for i, c := range m.Components {
		for _, call := range c.Calls {
			if !call.Required {
				continue
			}
			adj[i] = append(adj[i], edge{idx[call.To], call})
			if call.Fallback != "" {
				adj[i] = append(adj[i], edge{idx[call.Fallback], call})
			}
		}
	}
	// Tarjan's algorithm, iterative so that long chains cannot exhaust the stack.
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next := 0
	type frame struct{ v, e int }
	var sccs [][]int
	for root := 0; root < n; root++ {
		if index[root] >= 0 {
			continue
		}
		work := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		for len(work) > 0 {
			f := &work[len(work)-1]
			if f.e < len(adj[f.v]) {
				w := adj[f.v][f.e].to
				f.e++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					work = append(work, frame{w, 0})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			work = work[:len(work)-1]
			if len(work) > 0 {
				u := work[len(work)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				var scc []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					scc = append(scc, w)
					if w == v {
						break
					}
				}
				sccs = append(sccs, scc)
			}
		}
	}
	for _, scc := range sccs {
		in := make(map[int]bool, len(scc))
		for _, v := range scc {
			in[v] = true
		}
		start := slices.Min(scc) // components are sorted: the first name
		// Breadth-first search inside the group for the shortest way back to start.
		prev := map[int]edge{}
		queue := []int{start}
		var closing *Call
		for len(queue) > 0 && closing == nil {
			v := queue[0]
			queue = queue[1:]
			for _, e := range adj[v] {
				if !in[e.to] {
					continue
				}
				if e.to == start {
					closing = e.call
					prev[-1] = edge{v, e.call}
					break
				}
				if _, seen := prev[e.to]; !seen {
					prev[e.to] = edge{v, e.call}
					queue = append(queue, e.to)
				}
			}
		}
		if closing == nil {
			continue // a single component without a call to itself
		}
		path := []string{m.Components[start].Name}
		for v := prev[-1].to; v != start; v = prev[v].to {
			path = append(path, m.Components[v].Name)
		}
		path = append(path, m.Components[start].Name)
		slices.Reverse(path[1 : len(path)-1])
		l.errorf(closing.Pos, "required calls form a cycle: %s", strings.Join(path, " -> "))
	}
}

// The model reads attributes only through the accessors below, which
// tell decodeHook what they read: a test checks the reads against the
// schema (every attribute read, of the schema's type, with its default).
var decodeHook func(block *hclschema.Block, attr string, as readKind, def any)

type readKind string

const (
	readInt          readKind = "integer"
	readString       readKind = "string"
	readStrings      readKind = "list of strings"
	readBool         readKind = "boolean"
	readAvailability readKind = "availability"
	readDuration     readKind = "duration"
)

func (rb *rawBlock) read(attr string, as readKind, def any) {
	if decodeHook != nil {
		decodeHook(rb.spec, attr, as, def)
	}
}

func (l *loader) availability(rb *rawBlock, name string, def float64) float64 {
	rb.read(name, readAvailability, def)
	if a, ok := l.parseAvailability(rb, name); ok {
		return a
	}
	return def
}

// optionalAvailability is an availability without a default.
func (l *loader) optionalAvailability(rb *rawBlock, name string) (float64, bool) {
	rb.read(name, readAvailability, nil)
	if _, ok := rb.attrs[name]; !ok {
		return 0, false
	}
	a, ok := l.parseAvailability(rb, name)
	if !ok {
		a = 1 // reported by checkUnits
	}
	return a, true
}

func (l *loader) parseAvailability(rb *rawBlock, name string) (float64, bool) {
	v, ok := rb.attrs[name]
	if !ok {
		return 0, false
	}
	a, err := ParseAvailability(v)
	if err != nil {
		return 0, false // reported by checkUnits
	}
	return a, true
}

// duration is a duration in seconds, or nil when it is not set.
func (l *loader) duration(rb *rawBlock, name string) *float64 {
	rb.read(name, readDuration, nil)
	return parseDuration(rb, name)
}

// durationOr is a duration in seconds, def when it is not set.
func (l *loader) durationOr(rb *rawBlock, name string, def float64) float64 {
	rb.read(name, readDuration, def)
	if d := parseDuration(rb, name); d != nil {
		return *d
	}
	return def
}

func parseDuration(rb *rawBlock, name string) *float64 {
	v, ok := rb.attrs[name]
	if !ok {
		return nil
	}
	s, _ := v.(string)
	d, err := ParseDuration(s)
	if err != nil {
		return nil // reported by the schema or checkUnits
	}
	return &d
}

func (rb *rawBlock) posOf(attr string) Pos {
	if p, ok := rb.attrPos[attr]; ok {
		return p
	}
	return rb.pos
}

func (rb *rawBlock) str(name, def string) string {
	rb.read(name, readString, def)
	if s, ok := rb.attrs[name].(string); ok {
		return s
	}
	return def
}

func (rb *rawBlock) bool(name string, def bool) bool {
	rb.read(name, readBool, def)
	if b, ok := rb.attrs[name].(bool); ok {
		return b
	}
	return def
}

func (rb *rawBlock) int(name string, def int64) int64 {
	rb.read(name, readInt, def)
	if i, ok := rb.attrs[name].(int64); ok {
		return i
	}
	return def
}

// strings is a list of strings (its other elements are the schema's to
// report), or nil when it is not set.
func (rb *rawBlock) strings(name string) []string {
	rb.read(name, readStrings, nil)
	var out []string
	list, _ := rb.attrs[name].([]any)
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
