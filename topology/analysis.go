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
	Journey *Journey
	// Availability is exact unless Bounded: then the journey's
	// availability is certified to lie in [Availability, Upper] (see
	// ExactBudget) and Availability is the lower bound.
	Availability float64
	Upper        float64
	Bounded      bool
	// MeetsSLO holds when Availability meets the SLO; Undecided when it
	// does not but Upper does: the interval straddles the SLO.
	MeetsSLO           bool
	Undecided          bool
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
		top, out := ev.journey(entry.Index, closure)
		r.Availability, r.Upper, r.Bounded = out.lower, out.upper, !out.exact
		for _, i := range top.serial {
			r.Serial = append(r.Serial, m.Components[i].Name)
		}
		slices.Sort(r.Serial)
		slices.Sort(r.Components)
		r.MeetsSLO = !percent.Below(r.Availability, j.SLO)
		r.Undecided = !r.MeetsSLO && !percent.Below(r.Upper, j.SLO)
		r.DowntimeMinutes = (1 - r.Availability) * j.WindowMinutes
		r.ErrorBudgetMinutes = (1 - j.SLO) * j.WindowMinutes
		r.Contributors = rankContributors(m, closure, out.gains, out.zoneGains, r.Availability)
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

// ExactBudget bounds the work of one journey's availability: the number of
// states of the conditioned items (zones and shared components, see
// journey) times the size of the evaluation tree. Within it the result is
// exact; beyond it the states with the fewest failures are evaluated and
// the rest bound an interval.
const ExactBudget = 1 << 24

// outcome is a journey's availability: exact, or certified to lie in
// [lower, upper].
type outcome struct {
	lower, upper float64
	exact        bool
	gains        []float64          // aligned with the closure
	zoneGains    map[string]float64 // by zone name
}

// journey computes P(entry works). The tree of evalNode treats every
// component as independent of the others, which holds when each appears
// in one node only. Two things break that: zones, whose outage takes down
// instances of many components, and components reached from both branches
// of a fallback, or from two fallback groups (shared components). So the
// journey is conditioned on them (Shannon expansion): for every up/down
// state of the zones its components live in and of its shared components,
// each component's availability given that state is set (a shared one to
// 1 or 0), the tree is evaluated (exactly, every other component now
// appearing once), and the results are weighted by the probability of the
// state:
//
//	A = Σ_states P(state) · tree(state)
//
// The cost is the number of states times the size of the tree. When that
// exceeds ExactBudget, only the states with at most d failed items are
// evaluated, d the largest that fits: their sum is a lower bound, and since
// a journey works at least as well with more things up, adding the
// probability of the states left out times the tree with everything up
// gives an upper bound.
//
// Each component's gain (how much A would rise were it always up) is
// accumulated on the way: for a component in one node, from the tree of
// each state (withPerfect); for a zone or a shared component, from the
// states where it is up, divided by its probability of being up (states
// where it cannot be up are visited with weight zero for this purpose).
func (ev *evaluator) journey(entry int, closure []int) (*evalNode, outcome) {
	top := ev.build(entry, nil, nil, 0)
	occ := map[int][]*evalNode{}
	top.occurrences(occ)
	var shared []int // closure positions of the shared components
	treeSize := 1
	for k, i := range closure {
		treeSize += len(occ[i])
		if len(occ[i]) > 1 {
			shared = append(shared, k)
		}
	}
	zones := ev.zonesOf(closure, occ)
	index := make(map[string]int, len(zones))
	for b, z := range zones {
		index[z.Name] = b
	}
	saved := make([]float64, len(closure))
	places := make([]placement, len(closure))
	for k, i := range closure {
		saved[k] = ev.avail[i]
		places[k] = placementOf(ev.m, ev.m.Components[i], index)
	}
	defer func() {
		for k, i := range closure {
			ev.avail[i] = saved[k]
		}
	}()
	sharedAt := make([]int, len(closure)) // index in shared, or -1
	for k := range sharedAt {
		sharedAt[k] = -1
	}
	for s, k := range shared {
		sharedAt[k] = s
	}

	items := len(zones) + len(shared)
	maxDown := items
	if limit := ExactBudget / treeSize; statesUpTo(items, items, limit) > limit {
		maxDown = 0
		for d := 1; d <= items && statesUpTo(items, d, limit) <= limit; d++ {
			maxDown = d
		}
	}

	w := &walk{ev: ev, top: top, occ: occ, closure: closure, zones: zones, shared: shared,
		places: places, sharedAt: sharedAt, maxDown: maxDown,
		up: make([]bool, len(zones)), sharedUp: make([]bool, len(shared)), sharedP: make([]float64, len(shared)),
		gains: make([]float64, len(closure)), zoneUp: make([]float64, len(zones)), sharedGain: make([]float64, len(shared)),
		privateZoneGain: map[string]float64{}}
	w.zone(0, 1, 0)

	out := outcome{lower: w.total, upper: w.total, exact: maxDown == items, gains: w.gains}
	if !out.exact {
		// The tree with every zone and shared component up bounds every
		// state left out.
		for b := range w.up {
			w.up[b] = true
		}
		for k, i := range closure {
			ev.avail[i] = places[k].availability(ev.m.Components[i], w.up)
			if sharedAt[k] >= 0 {
				ev.avail[i] = 1
			}
		}
		out.upper = min(w.total+max(1-w.mass, 0)*top.compute(ev.avail), 1)
	}
	out.zoneGains = w.privateZoneGain
	for b, z := range zones {
		out.zoneGains[z.Name] = w.zoneUp[b] - w.total
	}
	for s, k := range shared {
		out.gains[k] = w.sharedGain[s] - w.total
	}
	return top, out
}

// statesUpTo is how many states of n items have at most d failed, or
// more than limit once it exceeds it.
func statesUpTo(n, d, limit int) int {
	total, c := 0, 1 // c = C(n, i)
	for i := 0; i <= d && i <= n; i++ {
		total += c
		if total > limit {
			return limit + 1
		}
		c = c * (n - i) / (i + 1)
	}
	return total
}

// walk is the enumeration of journey: zones first, then shared
// components, depth first, each item up before down.
type walk struct {
	ev       *evaluator
	top      *evalNode
	occ      map[int][]*evalNode
	closure  []int
	zones    []*Zone
	shared   []int // closure positions
	places   []placement
	sharedAt []int // by closure position: index in shared, or -1
	maxDown  int

	up       []bool    // zone states
	sharedUp []bool    // shared component states
	sharedP  []float64 // their availability given the zone state
	ghost    int       // shared item visited up with probability 0, or -1

	total, mass     float64
	gains           []float64
	privateZoneGain map[string]float64 // zones summed into one component
	zoneUp          []float64
	sharedGain      []float64
}

func (w *walk) zone(b int, weight float64, downs int) {
	if b == len(w.zones) {
		for k, i := range w.closure {
			a := w.places[k].availability(w.ev.m.Components[i], w.up)
			w.ev.avail[i] = a
			if s := w.sharedAt[k]; s >= 0 {
				w.sharedP[s] = a // conditioned on below
			}
		}
		w.ghost = -1
		w.component(0, weight, 1, downs)
		return
	}
	z := w.zones[b].Availability
	w.up[b] = true
	w.zone(b+1, weight*z, downs)
	if downs < w.maxDown {
		w.up[b] = false
		w.zone(b+1, weight*(1-z), downs+1)
	}
	w.up[b] = true
}

// component conditions on shared component s. weight is the probability
// of the state so far; ghostWeight is the same without the factor of the
// ghost item (for its gain).
func (w *walk) component(s int, weight, ghostWeight float64, downs int) {
	if s == len(w.shared) {
		w.leaf(weight, ghostWeight, downs)
		return
	}
	i := w.closure[w.shared[s]]
	p := w.sharedP[s]
	w.sharedUp[s] = true
	w.ev.avail[i] = 1
	switch {
	case p > 0:
		w.component(s+1, weight*p, ghostWeight*p, downs)
	case w.ghost < 0:
		// Cannot be up in this zone state; visited for its own gain only.
		w.ghost = s
		w.component(s+1, 0, weight, downs)
		w.ghost = -1
	}
	if p < 1 && (p == 0 || downs < w.maxDown) {
		w.sharedUp[s] = false
		w.ev.avail[i] = 0
		d := downs
		if p > 0 {
			d++
		}
		w.component(s+1, weight*(1-p), ghostWeight*(1-p), d)
	}
	w.sharedUp[s] = true
	w.ev.avail[i] = p
}

func (w *walk) leaf(weight, ghostWeight float64, downs int) {
	v := w.top.compute(w.ev.avail)
	if w.ghost >= 0 {
		if ghostWeight > 0 {
			w.sharedGain[w.ghost] += ghostWeight * v
		}
		return
	}
	if weight == 0 {
		return
	}
	w.total += weight * v
	w.mass += weight
	for b, z := range w.zones {
		if w.up[b] {
			w.zoneUp[b] += weight / z.Availability * v
		}
	}
	for s := range w.shared {
		if w.sharedUp[s] {
			w.sharedGain[s] += weight / w.sharedP[s] * v
		}
	}
	if w.maxDown < len(w.zones)+len(w.shared) && downs > 1 {
		// An interval: the gains of the components in one node come from
		// the states with at most one failed item, which hold all but the
		// probability of two failures at once, and cost one pass of the
		// tree each.
		return
	}
	for k, i := range w.closure {
		if w.sharedAt[k] >= 0 {
			continue
		}
		if g := w.top.withPerfect(w.occ[i], w.ev.avail[i]) - w.top.value; g > 0 {
			w.gains[k] += weight * g
			// A zone only this component uses: the journey is linear in
			// the component's availability, so the zone's gain is the
			// component's scaled by what the zone being up adds to it.
			a := w.ev.avail[i]
			for _, v := range w.places[k].variants {
				if up := v.availability(w.ev.m.Components[i], w.up); up > a && a < 1 {
					w.privateZoneGain[v.forced] += weight * g * (up - a) / (1 - a)
				}
			}
		}
	}
}

// zonesOf lists the zones the journey is conditioned on, in name order:
// the modelled zones (availability below 1) that hold instances of two or
// more components of the closure, or of a shared one. A zone that holds
// instances of one component only, met once in the tree, makes nothing
// else depend on it: it is summed into that component's availability
// (see placement) and costs no states.
func (ev *evaluator) zonesOf(closure []int, occ map[int][]*evalNode) []*Zone {
	users := map[string]int{}
	var out []*Zone
	for _, i := range closure {
		c := ev.m.Components[i]
		if c.Kind == KindExternal {
			continue
		}
		mine := map[string]bool{}
		for k := range min(c.Instances, len(c.Zones)) {
			z := ev.m.Zone(c.Zones[k])
			if z == nil || !z.Modelled || z.Availability >= 1 || mine[z.Name] {
				continue
			}
			mine[z.Name] = true
			weight := 1
			if len(occ[i]) > 1 {
				weight = 2 // a shared component's zones are conditioned on
			}
			if users[z.Name] += weight; users[z.Name] >= 2 && users[z.Name]-weight < 2 {
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
