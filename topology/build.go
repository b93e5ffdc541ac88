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

// decoded is a top-level block turned into the model as soon as its file
// validated (convert), with the positions the checks of references need
// and the errors found on the way, which build reports in the order it
// meets the block, as when it decoded the block itself.
type decoded struct {
	typ, name string
	pos       Pos
	zone      *Zone
	journey   *Journey
	entryPos  Pos
	exception *Exception
	component *Component
	// Of a component: where zones and session_store are written, and
	// where each call's fallback is.
	zonesPos, sessionPos Pos
	fallbackPos          []Pos
	errs                 []*Error
}

// convert turns the blocks of a validated file into the model and drops
// what was decoded of the file.
func (l *loader) convert(f *fileDoc) {
	f.items = make([]*decoded, 0, len(f.blocks))
	for _, rb := range f.blocks {
		it := &decoded{typ: l.intern(rb.typ), name: rb.name, pos: rb.pos}
		n := len(l.errs)
		switch rb.typ {
		case "zone":
			z := &Zone{Name: l.intern(rb.name), Pos: rb.pos, Availability: 1}
			if a, ok := l.optionalAvailability(rb, "availability"); ok {
				z.Availability, z.Modelled = a, true
			}
			it.zone = z
		case "journey":
			it.journey = l.journey(rb)
			it.entryPos = rb.posOf("entry")
		case "exception":
			it.exception = &Exception{
				Rule: rb.str("rule", ""), Subject: rb.str("subject", ""),
				Reason: rb.str("reason", ""), Pos: rb.pos,
			}
		default:
			it.component = l.component(rb)
			it.zonesPos, it.sessionPos = rb.posOf("zones"), rb.posOf("session_store")
			for _, cb := range rb.calls {
				it.fallbackPos = append(it.fallbackPos, cb.posOf("fallback"))
			}
		}
		it.errs = slices.Clone(l.errs[n:])
		l.errs = l.errs[:n]
		f.items = append(f.items, it)
	}
	f.blocks, f.doc, f.ptrs = nil, nil, nil
}

func (l *loader) build() *Model {
	m := &Model{zoneByName: map[string]*Zone{}, byName: map[string]*Component{}}
	journeyPos := map[string]Pos{}
	var comps []*decoded
	for _, f := range l.files {
		for _, it := range f.items {
			// Names are bounded where they are declared as where they are
			// referenced (the schema's name: 256 characters).
			if it.typ != "exception" && utf8.RuneCountInString(it.name) > maxNameLength {
				l.errorf(it.pos, "the name of %s %q… is longer than %d characters", it.typ, truncateName(it.name), maxNameLength)
				continue
			}
			switch it.typ {
			case "zone":
				if z := m.zoneByName[it.name]; z != nil {
					l.errorf(it.pos, "zone %q is already declared at %s", it.name, z.Pos)
					continue
				}
				m.zoneByName[it.name] = it.zone
				m.Zones = append(m.Zones, it.zone)
			case "journey":
				if p, dup := journeyPos[it.name]; dup {
					l.errorf(it.pos, "journey %q is already declared at %s", it.name, p)
					continue
				}
				journeyPos[it.name] = it.pos
				if l.entryPos == nil {
					l.entryPos = map[*Journey]Pos{}
				}
				l.entryPos[it.journey] = it.entryPos
				m.Journeys = append(m.Journeys, it.journey)
			case "exception":
				m.Exceptions = append(m.Exceptions, it.exception)
			default:
				if c := m.byName[it.name]; c != nil {
					l.errorf(it.pos, "component %q is already declared at %s", it.name, c.Pos)
					continue
				}
				for _, e := range it.errs {
					l.errorf(e.Pos, "%s", e.Message)
				}
				c := it.component
				m.byName[c.Name] = c
				m.Components = append(m.Components, c)
				comps = append(comps, it)
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
		Name: l.intern(rb.name), Kind: l.intern(rb.typ), Pos: rb.pos,
		Instances:            int(rb.int("instances", 1)),
		InstanceAvailability: l.availability(rb, "availability", DefaultInstanceAvailability),
		MinHealthy:           int(rb.int("min_healthy", 1)),
		LatencyP99:           l.duration(rb, "latency_p99"),
		Mode:                 l.intern(rb.str("mode", "active-active")),
		Failover:             l.intern(rb.str("failover", "automatic")),
		FailoverTime:         l.durationOr(rb, "failover_time", DefaultFailoverSeconds),
		MTTR:                 l.durationOr(rb, "mttr", DefaultMTTRSeconds),
		Stateless:            rb.bool("stateless", true),
		SessionStore:         l.intern(rb.str("session_store", "")),
		Engine:               l.intern(rb.str("engine", "")),
		Consistency:          l.intern(rb.str("consistency", "strong")),
		Replication:          l.intern(rb.str("replication", "none")),
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
	for i, z := range c.Zones {
		c.Zones[i] = l.intern(z)
	}
	c.Calls = make([]*Call, 0, len(rb.calls))
	for _, cb := range rb.calls {
		call := &Call{
			From: c.Name, To: l.intern(cb.name), Pos: cb.pos,
			Timeout:        l.duration(cb, "timeout"),
			TotalTimeout:   l.duration(cb, "total_timeout"),
			Retries:        int(cb.int("retries", 0)),
			Backoff:        l.intern(cb.str("backoff", "none")),
			Jitter:         cb.bool("jitter", false),
			Idempotent:     cb.bool("idempotent", false),
			IdempotencyKey: cb.bool("idempotency_key", false),
			CircuitBreaker: cb.bool("circuit_breaker", false),
			Fallback:       l.intern(cb.str("fallback", "")),
			Required:       cb.bool("required", true),
			Consistency:    l.intern(cb.str("consistency", "")),
		}
		if call.TotalTimeout != nil {
			p := cb.posOf("total_timeout")
			call.TotalPos = &p
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
	return j
}

func (l *loader) checkComponentRefs(m *Model, c *Component, it *decoded) {
	for _, z := range c.Zones {
		if m.zoneByName[z] == nil {
			l.errorf(it.zonesPos, "%s %q is placed in unknown zone %q", c.Kind, c.Name, z)
		}
	}
	if c.SessionStore != "" && m.byName[c.SessionStore] == nil {
		l.errorf(it.sessionPos, "%s %q keeps sessions in unknown component %q", c.Kind, c.Name, c.SessionStore)
	}
	for i, call := range c.Calls {
		if m.byName[call.To] == nil {
			l.errorf(call.Pos, "%s %q calls unknown component %q", c.Kind, c.Name, call.To)
		}
		switch {
		case call.Fallback == "":
		case m.byName[call.Fallback] == nil:
			l.errorf(it.fallbackPos[i], "call %s falls back to unknown component %q", call.ID(), call.Fallback)
		case call.Fallback == call.To:
			l.errorf(it.fallbackPos[i], "call %s falls back to its own target", call.ID())
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
