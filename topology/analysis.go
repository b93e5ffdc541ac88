package topology

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/nines-dev/nines/topology/percent"
)

// Analysis is the result of the availability math over a Model.
type Analysis struct {
	Model    *Model
	Journeys []*JourneyResult // sorted by name
	// Required[i] is true when Model.Components[i] is in the required
	// closure of some journey (of every component when there is none).
	Required []bool
	// JourneysOf[i] names the journeys whose closure holds component i.
	JourneysOf [][]string
}

// JourneyResult is a journey's computed availability and what bounds it.
type JourneyResult struct {
	Journey            *Journey
	Availability       float64
	MeetsSLO           bool
	DowntimeMinutes    float64
	ErrorBudgetMinutes float64
	Components         []string // required closure from the entry, sorted
	Serial             []string // the closure less what sits under a fallback, sorted
	Contributors       []Contributor
	Amplification      Amplification
}

// Contributor is a component's part in a journey's unavailability:
// how much the journey's availability would rise were the component
// always up, and that as a share of the journey's unavailability.
type Contributor struct {
	Component      string  `json:"component,omitempty"`
	Zone           string  `json:"zone,omitempty"` // set instead of Component for a zone
	Unavailability float64 `json:"unavailability"`
	Share          float64 `json:"share"`
}

// Label names the contributor as the journeys table prints it: the
// component's name, or "zone NAME".
func (c Contributor) Label() string {
	if c.Zone != "" {
		return "zone " + c.Zone
	}
	return c.Component
}

// Amplification is the required path from a journey's entry along which
// the product of attempts (retries + 1) is largest.
type Amplification struct {
	Product   float64  `json:"product"`
	Unlimited bool     `json:"unlimited"`
	Path      []string `json:"path"`
	// Attempts of each call along Path (one fewer than its components);
	// null for a call that retries forever.
	Attempts []*int `json:"attempts"`
}

// MaxContributors is how many contributors a journey reports.
const MaxContributors = 5

// Analyze computes every journey's availability, closure, contributors and
// retry amplification.
func Analyze(m *Model) *Analysis {
	n := len(m.Components)
	an := &Analysis{Model: m, Required: make([]bool, n), JourneysOf: make([][]string, n)}
	ev := newEvaluator(m)
	amp := newAmplifier(m, ev)
	for _, j := range m.Journeys {
		entry := m.Component(j.Entry)
		if entry == nil {
			continue
		}
		r := &JourneyResult{Journey: j}
		closure := ev.closure(entry.Index)
		for _, i := range closure {
			an.Required[i] = true
			an.JourneysOf[i] = append(an.JourneysOf[i], j.Name)
			r.Components = append(r.Components, m.Components[i].Name)
		}
		top, gains, zoneGains, serial := ev.journey(entry.Index, closure)
		r.Availability = top
		for _, i := range serial {
			r.Serial = append(r.Serial, m.Components[i].Name)
		}
		slices.Sort(r.Serial)
		slices.Sort(r.Components)
		r.MeetsSLO = !percent.Below(r.Availability, j.SLO)
		r.DowntimeMinutes = (1 - r.Availability) * j.WindowMinutes
		r.ErrorBudgetMinutes = (1 - j.SLO) * j.WindowMinutes
		r.Contributors = rankContributors(m, closure, gains, zoneGains, r.Availability)
		r.Amplification = amp.from(entry.Index)
		an.Journeys = append(an.Journeys, r)
	}
	if len(m.Journeys) == 0 {
		for i := range an.Required {
			an.Required[i] = true
		}
	}
	return an
}

// evaluator computes P(component works). A component works when it is up
// and, for each required call, the target works, or, for a call with a
// fallback, the target or the fallback works.
type evaluator struct {
	m     *Model
	avail []float64 // own availability by component index, overridable
	calls [][]callEdge
}

type callEdge struct {
	to, fallback int // fallback -1 when none
	call         *Call
}

func newEvaluator(m *Model) *evaluator {
	ev := &evaluator{m: m, avail: make([]float64, len(m.Components)), calls: make([][]callEdge, len(m.Components))}
	for i, c := range m.Components {
		ev.avail[i] = c.Availability
		for _, call := range c.Calls {
			if !call.Required {
				continue
			}
			e := callEdge{to: m.Component(call.To).Index, fallback: -1, call: call}
			if call.Fallback != "" {
				e.fallback = m.Component(call.Fallback).Index
			}
			ev.calls[i] = append(ev.calls[i], e)
		}
	}
	return ev
}

// closure is the required closure of root, both branches of every
// fallback included, in visiting order.
func (ev *evaluator) closure(root int) []int {
	seen := map[int]bool{root: true}
	out := []int{root}
	for k := 0; k < len(out); k++ {
		for _, e := range ev.calls[out[k]] {
			for _, t := range [2]int{e.to, e.fallback} {
				if t >= 0 && !seen[t] {
					seen[t] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// known is a set of components already conditioned on being up (and,
// with them, everything they require), chained to the enclosing level.
type known struct {
	set    map[int]bool
	parent *known
}

func (k *known) has(i int) bool {
	for ; k != nil; k = k.parent {
		if k.set[i] {
			return true
		}
	}
	return false
}

// orGroup is one call with a fallback: target OR fallback.
type orGroup struct{ to, fallback int }

// evalNode is the evaluation of P(root works | what the enclosing levels
// already require). Its serial set S is what root reaches through
// required calls without a fallback; all of S must be up. Every call
// with a fallback met on the way is an OR group, evaluated given S up
// (a component of S met again inside a group counts as working):
//
//	P = Π_{c∈S} A_c · Π_groups (1 − (1 − P(target | S)) (1 − P(fallback | S)))
//
// This is exact when the two branches of each group, and the groups among
// themselves, share no component outside S; otherwise it treats the shared
// components as independent copies (see docs/topology.md). The shape of
// the tree does not depend on the availabilities, so it is built once per
// journey and its values are recomputed for each state of the zones.
type evalNode struct {
	serial []int
	groups []*groupNode
	parent *groupNode // nil at the top
	depth  int

	// Values for the current availabilities.
	serialP  float64 // Π A_c over serial
	nonZeroP float64 // the same without the zero factors
	zeros    int     // serial components at availability 0
	value    float64 // serialP · Π group p
}

type groupNode struct {
	t, f   *evalNode // nil when the branch is already required above (it works)
	parent *evalNode
	p      float64
}

// build lays out the evaluation tree of root given the components in k.
func (ev *evaluator) build(root int, k *known, parent *groupNode, depth int) *evalNode {
	set := map[int]bool{}
	n := &evalNode{parent: parent, depth: depth}
	seenGroup := map[orGroup]bool{}
	var groups []orGroup
	stack := []int{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if set[v] || k.has(v) {
			continue
		}
		set[v] = true
		n.serial = append(n.serial, v)
		for _, c := range ev.calls[v] {
			if c.fallback < 0 {
				stack = append(stack, c.to)
				continue
			}
			g := orGroup{c.to, c.fallback}
			if !seenGroup[g] {
				seenGroup[g] = true
				groups = append(groups, g)
			}
		}
	}
	inner := &known{set: set, parent: k}
	for _, g := range groups {
		gn := &groupNode{parent: n}
		if !inner.has(g.to) {
			gn.t = ev.build(g.to, inner, gn, depth+1)
		}
		if !inner.has(g.fallback) {
			gn.f = ev.build(g.fallback, inner, gn, depth+1)
		}
		n.groups = append(n.groups, gn)
	}
	return n
}

// compute sets the values of the tree for the current availabilities.
func (n *evalNode) compute(avail []float64) float64 {
	n.serialP, n.nonZeroP, n.zeros = 1, 1, 0
	for _, i := range n.serial {
		a := avail[i]
		n.serialP *= a
		if a == 0 {
			n.zeros++
		} else {
			n.nonZeroP *= a
		}
	}
	v := n.serialP
	for _, g := range n.groups {
		g.p = 1 - (1-g.t.computeOr1(avail))*(1-g.f.computeOr1(avail))
		v *= g.p
	}
	n.value = v
	return v
}

func (n *evalNode) computeOr1(avail []float64) float64 {
	if n == nil {
		return 1
	}
	return n.compute(avail)
}

// occurrences indexes, for each component, the nodes whose serial set
// holds it.
func (n *evalNode) occurrences(out map[int][]*evalNode) {
	for _, i := range n.serial {
		out[i] = append(out[i], n)
	}
	for _, g := range n.groups {
		if g.t != nil {
			g.t.occurrences(out)
		}
		if g.f != nil {
			g.f.occurrences(out)
		}
	}
}

// withPerfect is P(root works) were component i (with availability a_i,
// in the serial sets of the nodes occ) always up. Only the nodes holding
// i and their ancestors are recomputed.
func (top *evalNode) withPerfect(occ []*evalNode, ai float64) float64 {
	if len(occ) == 0 {
		return top.value
	}
	newVal := make(map[*evalNode]float64, len(occ)*2)
	newP := map[*groupNode]float64{}
	perfectSerial := func(n *evalNode) float64 {
		switch {
		case ai > 0:
			return n.serialP / ai
		case n.zeros == 1:
			return n.nonZeroP
		}
		return 0
	}
	maxDepth := 0
	for _, n := range occ {
		if n.serialP != 0 || ai == 0 {
			if ai > 0 {
				newVal[n] = n.value / ai
			} else {
				v := perfectSerial(n)
				for _, g := range n.groups {
					v *= g.p
				}
				newVal[n] = v
			}
		} else {
			// Another serial component is down for sure: nothing changes.
			newVal[n] = n.value
		}
		maxDepth = max(maxDepth, n.depth)
	}
	val := func(n *evalNode) float64 {
		if n == nil {
			return 1
		}
		if v, ok := newVal[n]; ok {
			return v
		}
		return n.value
	}
	for d := maxDepth; d > 0; d-- {
		for n := range newVal {
			if n.depth != d {
				continue
			}
			g := n.parent
			if _, done := newP[g]; done {
				continue
			}
			p := 1 - (1-val(g.t))*(1-val(g.f))
			newP[g] = p
			pn := g.parent
			if g.p != 0 {
				newVal[pn] = val(pn) * p / g.p
				continue
			}
			// The group was certain to fail: recompute its node in full.
			v := pn.serialP
			if _, isOcc := newVal[pn]; isOcc {
				v = perfectSerial(pn)
			}
			for _, h := range pn.groups {
				if q, ok := newP[h]; ok {
					v *= q
				} else {
					v *= h.p
				}
			}
			newVal[pn] = v
		}
	}
	return val(top)
}

// MaxExactZones is the most zones a journey's components may span for its
// availability to be computed exactly over every zone up/down state;
// beyond it zones are treated as independent per component.
const MaxExactZones = 10

// journey returns P(entry works) and, for each component of the closure
// (aligned with it), how much that would rise were the component always
// up. Zones are shared between components: when a zone is down every
// instance in it is, whichever component it belongs to. So the journey is
// evaluated on each up/down state of the zones its components live in,
// with each component's availability given that state, and the results
// are weighted by the probability of the state.
//
// Zones contribute too: a zone's gain is how much the journey would rise
// were the zone always up, Σ_{states with z up} P(state)/z · value − A.
func (ev *evaluator) journey(entry int, closure []int) (float64, []float64, map[string]float64, []int) {
	top := ev.build(entry, nil, nil, 0)
	occ := map[int][]*evalNode{}
	top.occurrences(occ)
	zones := ev.zonesOf(closure)
	gains := make([]float64, len(closure))
	addGains := func(weight float64) {
		for k, i := range closure {
			if g := top.withPerfect(occ[i], ev.avail[i]) - top.value; g > 0 {
				gains[k] += weight * g
			}
		}
	}
	if len(zones) == 0 || len(zones) > MaxExactZones {
		a := top.compute(ev.avail)
		addGains(1)
		return a, gains, nil, top.serial
	}
	saved := make([]float64, len(closure))
	for k, i := range closure {
		saved[k] = ev.avail[i]
	}
	defer func() {
		for k, i := range closure {
			ev.avail[i] = saved[k]
		}
	}()
	bit := make(map[string]int, len(zones))
	for b, z := range zones {
		bit[z.Name] = b
	}
	places := make([]placement, len(closure))
	for k, i := range closure {
		places[k] = placementOf(ev.m, ev.m.Components[i], bit)
	}
	total := 0.0
	zoneUp := make([]float64, len(zones))
	for state := 0; state < 1<<len(zones); state++ {
		p := 1.0
		for b, z := range zones {
			if state&(1<<b) != 0 {
				p *= z.Availability
			} else {
				p *= 1 - z.Availability
			}
		}
		if p == 0 {
			continue
		}
		for k, i := range closure {
			ev.avail[i] = places[k].availability(ev.m.Components[i], state)
		}
		v := top.compute(ev.avail)
		total += p * v
		for b, z := range zones {
			if state&(1<<b) != 0 {
				zoneUp[b] += p / z.Availability * v
			}
		}
		addGains(p)
	}
	zoneGains := make(map[string]float64, len(zones))
	for b, z := range zones {
		zoneGains[z.Name] = zoneUp[b] - total
	}
	return total, gains, zoneGains, top.serial
}

// zonesOf lists the modelled zones (availability below 1) that hold an
// instance of some component of the closure, in name order.
func (ev *evaluator) zonesOf(closure []int) []*Zone {
	seen := map[string]bool{}
	var out []*Zone
	for _, i := range closure {
		c := ev.m.Components[i]
		if c.Kind == KindExternal {
			continue
		}
		for k := range min(c.Instances, len(c.Zones)) {
			z := ev.m.Zone(c.Zones[k])
			if z != nil && z.Modelled && z.Availability < 1 && !seen[z.Name] {
				seen[z.Name] = true
				out = append(out, z)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Zone) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// rankContributors keeps the components with the largest gains.
func rankContributors(m *Model, closure []int, gains []float64, zoneGains map[string]float64, avail float64) []Contributor {
	unavail := 1 - avail
	var out []Contributor
	add := func(c Contributor, g float64) {
		if g <= 1e-15 {
			return
		}
		share := 0.0
		if unavail > 0 {
			share = min(g/unavail, 1)
		}
		if share < 1e-6 {
			return // below the precision of a difference of near-1 numbers
		}
		// Gains are differences of availabilities close to 1: four
		// significant digits are all they carry.
		c.Unavailability, c.Share = sig4(g), sig4(share)
		out = append(out, c)
	}
	for k, i := range closure {
		add(Contributor{Component: m.Components[i].Name}, gains[k])
	}
	for name, g := range zoneGains {
		add(Contributor{Zone: name}, g)
	}
	slices.SortFunc(out, func(a, b Contributor) int {
		return cmp.Or(cmp.Compare(b.Unavailability, a.Unavailability), cmp.Compare(a.Component, b.Component), cmp.Compare(a.Zone, b.Zone))
	})
	if len(out) > MaxContributors {
		out = out[:MaxContributors]
	}
	return out
}

// amplifier finds, for every component, the required path below it with
// the largest product of attempts (calls to targets; fallbacks are tried
// once the target's attempts are spent and add none of their own).
type amplifier struct {
	ev   *evaluator
	memo []*ampResult
}

type ampResult struct {
	unlimited bool
	logProd   float64
	next      int // -1 at the end of the path
}

func newAmplifier(m *Model, ev *evaluator) *amplifier {
	return &amplifier{ev: ev, memo: make([]*ampResult, len(m.Components))}
}

func better(a, b ampResult) bool {
	if a.unlimited != b.unlimited {
		return a.unlimited
	}
	return a.logProd > b.logProd+1e-12
}

func (am *amplifier) best(root int) *ampResult {
	// Iterative post-order so that long chains cannot exhaust the stack;
	// required calls form no cycle (checked when loading).
	type frame struct {
		v, e int
	}
	if am.memo[root] != nil {
		return am.memo[root]
	}
	work := []frame{{root, 0}}
	for len(work) > 0 {
		f := &work[len(work)-1]
		edges := am.ev.calls[f.v]
		if f.e < len(edges) {
			t := edges[f.e].to
			f.e++
			if am.memo[t] == nil {
				work = append(work, frame{t, 0})
			}
			continue
		}
		r := &ampResult{next: -1}
		for _, e := range edges {
			sub := am.memo[e.to]
			cand := ampResult{unlimited: sub.unlimited || e.call.Retries < 0, logProd: sub.logProd, next: e.to}
			if e.call.Retries >= 0 {
				cand.logProd += math.Log(float64(e.call.Attempts()))
			}
			if r.next < 0 || better(cand, *r) {
				*r = cand
			}
		}
		am.memo[f.v] = r
		work = work[:len(work)-1]
	}
	return am.memo[root]
}

func (am *amplifier) from(root int) Amplification {
	am.best(root)
	out := Amplification{Product: 1, Path: []string{am.ev.m.Components[root].Name}, Attempts: []*int{}}
	for v := root; ; {
		r := am.memo[v]
		if r.next < 0 {
			break
		}
		var call *Call
		for _, e := range am.ev.calls[v] {
			if e.to == r.next {
				call = e.call
				break
			}
		}
		if call.Retries < 0 {
			out.Unlimited = true
			out.Attempts = append(out.Attempts, nil)
		} else {
			n := call.Attempts()
			out.Product = min(out.Product*float64(n), 1e300)
			out.Attempts = append(out.Attempts, &n)
		}
		v = r.next
		out.Path = append(out.Path, am.ev.m.Components[v].Name)
	}
	return out
}

func sig4(x float64) float64 {
	if x == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return v
}
