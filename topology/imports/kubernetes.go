// Package imports reads what teams already have — Kubernetes manifests
// with Istio routes — into topology blocks (topology.Imported), each fact
// at the line and column of the YAML node it was read from. The blocks go
// through the topology loader's schema, unit and reference checks with an
// overlay of *.nines.hcl files (topology.LoadImported): the readers only
// translate, they do not judge.
package imports

import (
	"bytes"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/nines-dev/nines/topology"
)

// Source is one file to read.
type Source struct {
	Name string
	Data []byte
}

// KindAnnotation on a workload's metadata names the component kind it
// becomes (database, cache, queue, load_balancer); service without it.
const KindAnnotation = "nines.dev/kind"

// zoneKeys are the node labels that name a zone: the well-known one and
// the beta label it replaced.
var zoneKeys = []string{"topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"}

// IsKubernetes reports whether src looks like Kubernetes manifests: some
// document has apiVersion and kind at its top level.
func IsKubernetes(src []byte) bool {
	return startsLine(src, "apiVersion:") && startsLine(src, "kind:")
}

// startsLine reports whether some line of src starts with key.
func startsLine(src []byte, key string) bool {
	return bytes.HasPrefix(src, []byte(key)) || bytes.Contains(src, []byte("\n"+key))
}

// workload is a Deployment or StatefulSet.
type workload struct {
	f          *yfile
	kind, name string
	namespace  string
	labels     map[string]string
	block      *topology.Block
	replicas   int64
	hasHPA     bool
}

type service struct {
	name, namespace string
	selector        map[string]string
}

// autoscaler is what a HorizontalPodAutoscaler says, read before the
// workload it scales is known.
type autoscaler struct {
	kind, name, namespace string // of its target
	replicas              int64  // minReplicas, 1 when absent
	pos                   topology.Pos
	valid                 bool               // minReplicas is absent or a whole number
	errs                  topology.ErrorList // why it is not, reported when the target exists
}

// budget is what a PodDisruptionBudget says, read before the replicas a
// percentage of it is a share of are known.
type budget struct {
	selector  map[string]string
	namespace string
	field     string // minAvailable, maxUnavailable, or "" for neither
	pos       topology.Pos
	n         int64
	pct       float64
	isPct     bool
	valid     bool               // the field is absent, a whole number or a percentage
	errs      topology.ErrorList // why it is not, reported when it selects a workload
}

// of is the number of pods the budget's field counts out of replicas,
// a percentage rounded up as Kubernetes rounds it.
func (b budget) of(replicas int64) int64 {
	if b.isPct {
		return int64(math.Ceil(b.pct * float64(replicas) / 100))
	}
	return b.n
}

type outlier struct {
	host, ns string // ns: the host's namespace
	pos      topology.Pos
}

// routeTo is a route and the namespace of the host it routes to.
type routeTo struct {
	b  *topology.Block
	ns string
}

// manifestFile is what one file of manifests says, read on the core that
// parsed it: its YAML nodes are garbage once it is read, and what needs
// the other files (the workloads a Service, an autoscaler or a budget
// selects) is matched afterwards.
type manifestFile struct {
	f        *yfile
	works    []*workload
	svcs     []service
	hpas     []autoscaler
	pdbs     []budget
	routes   []routeTo // of its VirtualServices
	outliers []outlier // of its DestinationRules
	// Errors of the autoscalers and budgets (found when they are
	// matched), then of the VirtualServices, reported after f.errs.
	matchErrs, routeErrs topology.ErrorList
}

// Kubernetes reads manifests (as kubectl apply -f or helm template take
// them: many documents per file, files in any order) into topology blocks:
// one component per Deployment and StatefulSet, named after the Service
// that selects its pods, and the call attributes of Istio
// VirtualServices and DestinationRules as routes. Documents of other
// kinds are ignored. Errors are at the YAML node they concern.
func Kubernetes(srcs []Source) (*topology.Imported, topology.ErrorList) {
	imp := &topology.Imported{}
	files := make([]*manifestFile, len(srcs))
	onCores(len(srcs), func(i int) { files[i] = readManifests(srcs[i]) })
	var works []*workload
	var svcs []service
	for _, mf := range files {
		works = append(works, mf.works...)
		svcs = append(svcs, mf.svcs...)
	}
	// A workload is called by the name of the first Service selecting its
	// pods; without one, by its own name.
	idx := indexLabels(works)
	named := map[*workload]bool{}
	for _, s := range svcs {
		for _, w := range idx.candidates(s.selector) {
			if !named[w] && sameNamespace(s.namespace, w.namespace) && selects(s.selector, w.labels) {
				w.block.Name = s.name
				named[w] = true
			}
		}
	}
	for _, mf := range files {
		for _, a := range mf.hpas {
			mf.autoscale(a, works)
		}
	}
	for _, mf := range files {
		for _, b := range mf.pdbs {
			mf.disrupt(b, idx)
		}
	}
	clash := qualifyClashes(works)
	for _, mf := range files {
		for _, r := range mf.routes {
			if clash[r.b.Name] && r.ns != "" {
				r.b.Name += "." + r.ns
			}
			imp.Routes = append(imp.Routes, r.b)
		}
		for i, o := range mf.outliers {
			if clash[o.host] && o.ns != "" {
				mf.outliers[i].host += "." + o.ns
			}
		}
	}
	// A DestinationRule's outlier detection makes every route to its host
	// a circuit breaker; a host without a VirtualService gets a route of
	// its own.
	for _, mf := range files {
		for _, o := range mf.outliers {
			i := slices.IndexFunc(imp.Routes, func(r *topology.Block) bool { return r.Name == o.host })
			if i < 0 {
				imp.Routes = append(imp.Routes, &topology.Block{Type: "call", Name: o.host, Pos: o.pos})
				i = len(imp.Routes) - 1
			}
			r := imp.Routes[i]
			if _, set := r.Attrs["circuit_breaker"]; !set {
				setAttr(r, "circuit_breaker", true, o.pos)
			}
		}
	}
	var errs topology.ErrorList
	for _, mf := range files {
		errs = append(errs, mf.f.errs...)
		errs = append(errs, mf.matchErrs...)
		errs = append(errs, mf.routeErrs...)
		if len(mf.works) > 0 {
			blocks := make([]*topology.Block, len(mf.works))
			for i, w := range mf.works {
				blocks[i] = w.block
			}
			imp.Files = append(imp.Files, &topology.ImportedFile{Name: mf.f.name, Lines: mf.f.lines, Blocks: blocks})
		}
	}
	return imp, errs
}

// readManifests parses one file and reads what each of its documents
// says that does not depend on the other files.
func readManifests(s Source) *manifestFile {
	// The same lines, the values nothing reads emptied.
	f := parseYAML(s.Name, pruneUnread(s.Data), topology.LineLengths(s.Data))
	mf := &manifestFile{f: f}
	var vss, drs []*yaml.Node
	for _, d := range f.manifests() {
		switch f.str(f.path(d, "kind")) {
		case "Deployment", "StatefulSet":
			if w := f.workload(d); w != nil {
				mf.works = append(mf.works, w)
			}
		case "Service":
			if sel := f.labelMap(f.path(d, "spec", "selector")); len(sel) > 0 && f.str(f.path(d, "spec", "type")) != "ExternalName" {
				mf.svcs = append(mf.svcs, service{name: f.str(f.path(d, "metadata", "name")), namespace: f.str(f.path(d, "metadata", "namespace")), selector: sel})
			}
		case "HorizontalPodAutoscaler":
			mf.hpas = append(mf.hpas, f.autoscaler(d))
		case "PodDisruptionBudget":
			mf.pdbs = append(mf.pdbs, f.disruptionBudget(d))
		case "VirtualService":
			if isIstio(f, d) {
				vss = append(vss, d)
			}
		case "DestinationRule":
			if isIstio(f, d) {
				drs = append(drs, d)
			}
		}
	}
	f.sink = &mf.routeErrs
	for _, d := range vss {
		for _, r := range f.virtualService(d) {
			host := r.Name
			r.Name = hostName(host)
			mf.routes = append(mf.routes, routeTo{r, hostNamespace(host, f.str(f.path(d, "metadata", "namespace")))})
		}
	}
	f.sink = nil
	for _, d := range drs {
		if host, p, ok := f.outlierDetection(d); ok {
			mf.outliers = append(mf.outliers, outlier{hostName(host), hostNamespace(host, f.str(f.path(d, "metadata", "namespace"))), p})
		}
	}
	f.docs = nil
	return mf
}

// onCores calls fn for every index below n on every core (parsing is
// most of the cost of reading manifests); fn(i) must touch only what
// index i owns.
func onCores(n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func isIstio(f *yfile, d *yaml.Node) bool {
	return strings.HasPrefix(f.str(f.path(d, "apiVersion")), "networking.istio.io/")
}

func sameNamespace(a, b string) bool { return a == "" || b == "" || a == b }

// labelIndex is the workloads whose pod labels hold a label pair, in
// the order they were read, so that matching a selector looks only at the
// workloads that hold one of its pairs.
type labelIndex map[[2]string][]*workload

func indexLabels(works []*workload) labelIndex {
	idx := labelIndex{}
	for _, w := range works {
		for k, v := range w.labels {
			idx[[2]string{k, v}] = append(idx[[2]string{k, v}], w)
		}
	}
	return idx
}

// candidates are the workloads holding the pair of sel held by the
// fewest (none for an empty sel): every workload sel selects is among
// them, in the order they were read.
func (idx labelIndex) candidates(sel map[string]string) []*workload {
	var out []*workload
	first := true
	for k, v := range sel {
		if ws := idx[[2]string{k, v}]; first || len(ws) < len(out) {
			out, first = ws, false
		}
	}
	return out
}

// selects reports whether every label of sel is among labels.
func selects(sel, labels map[string]string) bool {
	if len(sel) == 0 {
		return false
	}
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// manifests are the documents of f, with the items of a List.
func (f *yfile) manifests() []*yaml.Node {
	var out []*yaml.Node
	for _, d := range f.docs {
		if f.str(f.path(d, "kind")) == "List" {
			for _, it := range f.items(f.path(d, "items")) {
				if it.Kind == yaml.MappingNode {
					out = append(out, it)
				}
			}
			continue
		}
		out = append(out, d)
	}
	return out
}

func (f *yfile) labelMap(n *yaml.Node) map[string]string {
	n = f.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		out[n.Content[i].Value] = f.str(n.Content[i+1])
	}
	return out
}

func setAttr(b *topology.Block, attr string, v any, p topology.Pos) {
	if b.Attrs == nil {
		b.Attrs, b.AttrPos = map[string]any{}, map[string]topology.Pos{}
	}
	b.Attrs[attr], b.AttrPos[attr] = v, p
}

// workload reads a Deployment or StatefulSet: its replicas and how its
// pods are spread over zones.
func (f *yfile) workload(d *yaml.Node) *workload {
	nameNode := f.path(d, "metadata", "name")
	name := f.str(nameNode)
	if name == "" {
		f.errorf(d, "%s without metadata.name", f.str(f.path(d, "kind")))
		return nil
	}
	w := &workload{f: f, kind: f.str(f.path(d, "kind")), name: name,
		namespace: f.str(f.path(d, "metadata", "namespace")),
		labels:    f.labelMap(f.path(d, "spec", "template", "metadata", "labels"))}
	kind := f.componentKind(f.path(d, "metadata", "annotations", KindAnnotation))
	// The component is where its instances are said: the replicas line,
	// else the spec (where replicas would go).
	pos := f.pos(d)
	if _, key := f.get(f.path(d, "spec"), "replicas"); key != nil {
		pos = f.pos(key)
	} else if _, key := f.get(d, "spec"); key != nil {
		pos = f.pos(key)
	}
	w.block = &topology.Block{Type: kind, Name: name, Pos: pos}
	w.replicas = 1
	if v, key := f.get(f.path(d, "spec"), "replicas"); v != nil {
		if n, ok := f.integer(v, "replicas"); ok {
			w.replicas = n
			setAttr(w.block, "instances", n, f.pos(key))
		}
	}
	w.block.Spread = &topology.Spread{Pos: pos}
	pod := f.path(d, "spec", "template", "spec")
	for _, c := range f.items(f.path(pod, "topologySpreadConstraints")) {
		if v, key := f.get(c, "topologyKey"); slices.Contains(zoneKeys, f.str(v)) {
			w.block.Spread = &topology.Spread{Over: true, Pos: f.pos(key)}
			return w
		}
	}
	anti := f.path(pod, "affinity", "podAntiAffinity")
	terms := f.items(f.path(anti, "requiredDuringSchedulingIgnoredDuringExecution"))
	for _, t := range f.items(f.path(anti, "preferredDuringSchedulingIgnoredDuringExecution")) {
		if term := f.path(t, "podAffinityTerm"); term != nil {
			terms = append(terms, term)
		}
	}
	for _, t := range terms {
		if v, key := f.get(t, "topologyKey"); slices.Contains(zoneKeys, f.str(v)) {
			w.block.Spread = &topology.Spread{Over: true, Pos: f.pos(key)}
			return w
		}
	}
	return w
}

// componentKind is the kind a nines.dev/kind value k names (service when
// k is nil); a value that is not a kind is an error at k.
func (f *yfile) componentKind(k *yaml.Node) string {
	if k == nil {
		return topology.KindService
	}
	kind := f.str(k)
	if !slices.Contains(topology.Kinds, kind) || kind == topology.KindExternal {
		f.errorf(k, "%s must be one of service, database, cache, queue, load_balancer, not %q", KindAnnotation, kind)
		return topology.KindService
	}
	return kind
}

// autoscaler reads an HPA: it keeps at least minReplicas (1 when
// absent) of its target running, whatever the target's replicas say.
func (f *yfile) autoscaler(d *yaml.Node) autoscaler {
	ref := f.path(d, "spec", "scaleTargetRef")
	a := autoscaler{kind: f.str(f.path(ref, "kind")), name: f.str(f.path(ref, "name")),
		namespace: f.str(f.path(d, "metadata", "namespace")), replicas: 1, pos: f.pos(ref), valid: true}
	if v, key := f.get(f.path(d, "spec"), "minReplicas"); v != nil {
		f.sink = &a.errs
		n, ok := f.integer(v, "minReplicas")
		f.sink = nil
		if a.valid = ok; ok {
			a.replicas, a.pos = n, f.pos(key)
		}
	}
	return a
}

// autoscale applies an autoscaler of mf to its target, if it exists.
func (mf *manifestFile) autoscale(a autoscaler, works []*workload) {
	i := slices.IndexFunc(works, func(w *workload) bool {
		return w.kind == a.kind && w.name == a.name && sameNamespace(a.namespace, w.namespace)
	})
	if i < 0 {
		return
	}
	if !a.valid {
		mf.matchErrs = append(mf.matchErrs, a.errs...)
		return
	}
	w := works[i]
	w.replicas, w.hasHPA = a.replicas, true
	w.block.Pos = a.pos
	setAttr(w.block, "instances", a.replicas, a.pos)
}

// disruptionBudget reads a PodDisruptionBudget: how many of the pods it
// selects must stay up (minAvailable, or all but maxUnavailable; a
// percentage of the replicas, rounded up as Kubernetes rounds it).
func (f *yfile) disruptionBudget(d *yaml.Node) budget {
	b := budget{selector: f.labelMap(f.path(d, "spec", "selector", "matchLabels")),
		namespace: f.str(f.path(d, "metadata", "namespace")), valid: true}
	spec := f.path(d, "spec")
	for _, field := range []string{"minAvailable", "maxUnavailable"} {
		v, key := f.get(spec, field)
		if v == nil {
			continue
		}
		b.field, b.pos = field, f.pos(key)
		f.sink = &b.errs
		b.n, b.pct, b.isPct, b.valid = f.count(v, field)
		f.sink = nil
		break
	}
	return b
}

// disrupt applies a budget of mf to the workloads it selects: that many
// of their pods are needed, min_healthy.
func (mf *manifestFile) disrupt(b budget, idx labelIndex) {
	for _, w := range idx.candidates(b.selector) {
		if !sameNamespace(b.namespace, w.namespace) || !selects(b.selector, w.labels) {
			continue
		}
		if !b.valid {
			mf.matchErrs = append(mf.matchErrs, b.errs...)
			return
		}
		need := int64(0)
		switch b.field {
		case "minAvailable":
			need = b.of(w.replicas)
		case "maxUnavailable":
			need = w.replicas - b.of(w.replicas)
		}
		if need >= 1 {
			setAttr(w.block, "min_healthy", need, b.pos)
		}
	}
}

// count is a PDB's whole number, or its percentage of the replicas.
func (f *yfile) count(n *yaml.Node, what string) (count int64, pct float64, isPct, ok bool) {
	s := f.str(n)
	if p, cut := strings.CutSuffix(s, "%"); cut {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || v < 0 || v > 100 {
			f.errorf(n, "%s must be a whole number or a percentage from 0%% to 100%%, not %q", what, s)
			return 0, 0, false, false
		}
		return 0, v, true, true
	}
	count, ok = f.integer(n, what)
	return count, 0, false, ok
}

// Istio's defaults for a route that does not set them: two retries when
// the route has no retry policy, an attempt timeout of the route's timeout
// (none by default), and Envoy's backoff, exponential from 25ms with
// jitter, between attempts.
const istioDefaultAttempts = 2

// safeRetryOn are the retry conditions under which the request never
// reached the application, so repeating it is safe whatever it does.
var safeRetryOn = []string{"connect-failure", "refused-stream", "reset-before-request"}

// virtualService reads the default route of a VirtualService that applies
// to mesh traffic into one route per host it serves: the first http route
// without match conditions (else the first route).
func (f *yfile) virtualService(d *yaml.Node) []*topology.Block {
	spec := f.path(d, "spec")
	if gws := f.items(f.path(spec, "gateways")); len(gws) > 0 && !slices.ContainsFunc(gws, func(g *yaml.Node) bool { return f.str(g) == "mesh" }) {
		return nil // applies to gateways only
	}
	routes := f.items(f.path(spec, "http"))
	if len(routes) == 0 {
		return nil
	}
	route := routes[0]
	for _, r := range routes {
		if f.path(r, "match") == nil {
			route = r
			break
		}
	}
	tmpl := &topology.Block{Type: "call", Pos: f.pos(route)}
	attempts, attemptsPos := int64(istioDefaultAttempts), f.pos(route)
	retries, retriesKey := f.get(route, "retries")
	var perTry *yaml.Node
	var perTryKey *yaml.Node
	if retries != nil {
		attempts, attemptsPos = 0, f.pos(retriesKey) // Istio reads a zero (or absent) attempts as no retries
		if v, key := f.get(retries, "attempts"); v != nil {
			n, ok := f.integer(v, "retries.attempts")
			if !ok {
				return nil
			}
			attempts, attemptsPos = max(n, 0), f.pos(key)
		}
		perTry, perTryKey = f.get(retries, "perTryTimeout")
		if on, key := f.get(retries, "retryOn"); on != nil && attempts > 0 {
			safe := true
			for _, c := range strings.Split(f.str(on), ",") {
				safe = safe && slices.Contains(safeRetryOn, strings.TrimSpace(c))
			}
			if safe {
				setAttr(tmpl, "idempotent", true, f.pos(key))
			}
		}
	}
	setAttr(tmpl, "retries", attempts, attemptsPos)
	if attempts > 0 {
		setAttr(tmpl, "backoff", "exponential", attemptsPos)
		setAttr(tmpl, "jitter", true, attemptsPos)
	}
	// The route's timeout bounds the whole call (every attempt); one
	// attempt is bounded by perTryTimeout, which is the route's timeout
	// when absent.
	total, totalKey := f.get(route, "timeout")
	timeout, timeoutKey := total, totalKey
	if perTry != nil && attempts > 0 {
		timeout, timeoutKey = perTry, perTryKey
	}
	for _, t := range []struct {
		attr       string
		value, key *yaml.Node
	}{{"timeout", timeout, timeoutKey}, {"total_timeout", total, totalKey}} {
		if t.value == nil {
			continue
		}
		s := f.str(t.value)
		if _, err := topology.ParseDuration(s); err != nil || s == "" {
			if t.attr == "timeout" || t.value != timeout {
				f.errorf(t.value, "%s must be a duration such as 500ms or 2s, not %s", t.key.Value, describe(t.value))
			}
		} else {
			setAttr(tmpl, t.attr, s, f.pos(t.key))
		}
	}
	var out []*topology.Block
	for _, h := range f.items(f.path(spec, "hosts")) {
		r := *tmpl
		r.Name = f.str(h) // the host as written; readManifests shortens it
		// Its own attributes: a DestinationRule amends one host's route.
		r.Attrs, r.AttrPos = maps.Clone(tmpl.Attrs), maps.Clone(tmpl.AttrPos)
		out = append(out, &r)
	}
	return out
}

// outlierDetection is the host of a DestinationRule whose traffic policy
// (or a port's or a subset's) ejects failing endpoints, and where.
func (f *yfile) outlierDetection(d *yaml.Node) (string, topology.Pos, bool) {
	spec := f.path(d, "spec")
	policies := []*yaml.Node{f.path(spec, "trafficPolicy")}
	policies = append(policies, f.items(f.path(spec, "trafficPolicy", "portLevelSettings"))...)
	for _, s := range f.items(f.path(spec, "subsets")) {
		policies = append(policies, f.path(s, "trafficPolicy"))
	}
	for _, p := range policies {
		if v, key := f.get(p, "outlierDetection"); v != nil {
			return f.str(f.path(spec, "host")), f.pos(key), true
		}
	}
	return "", topology.Pos{}, false
}

// hostNamespace is the namespace of the Service a host names: NAMESPACE
// in NAME.NAMESPACE and NAME.NAMESPACE.svc[.cluster.local], own (the
// namespace of the route or rule) for a short NAME, "" for other hosts.
func hostNamespace(h, own string) string {
	parts := strings.Split(h, ".")
	switch {
	case len(parts) == 1:
		return own
	case len(parts) == 2 || parts[2] == "svc":
		return parts[1]
	}
	return ""
}

// qualifyClashes names NAME.NAMESPACE the components of the workloads
// whose name workloads of another namespace share (a shop and its staging
// copy in one rendering), and returns the names that clashed. Workloads
// without a namespace keep their name.
func qualifyClashes(works []*workload) map[string]bool {
	spaces := map[string][]string{}
	for _, w := range works {
		if w.namespace != "" && !slices.Contains(spaces[w.block.Name], w.namespace) {
			spaces[w.block.Name] = append(spaces[w.block.Name], w.namespace)
		}
	}
	clash := map[string]bool{}
	for name, ns := range spaces {
		if len(ns) > 1 {
			clash[name] = true
		}
	}
	for _, w := range works {
		if clash[w.block.Name] && w.namespace != "" {
			w.block.Name += "." + w.namespace
		}
	}
	return clash
}

// hostName is the component a host names: a Service's short name for
// NAME, NAME.NAMESPACE and NAME.NAMESPACE.svc[.cluster.local], the host
// itself otherwise.
func hostName(h string) string {
	parts := strings.Split(h, ".")
	switch {
	case len(parts) <= 2:
		return parts[0]
	case parts[2] == "svc":
		return parts[0]
	}
	return h
}
