// Package topology loads nines topology files (HCL or HCL's JSON syntax),
// validates them against a JSON Schema and their references, computes the
// availability of every journey and the graph facts the Rego policies read,
// and evaluates those policies. It does no I/O of its own: files come from an
// fs.FS, so the command line and the browser playground share it.
package topology

import "fmt"

// Component kinds.
const (
	KindService      = "service"
	KindDatabase     = "database"
	KindCache        = "cache"
	KindQueue        = "queue"
	KindLoadBalancer = "load_balancer"
	KindExternal     = "external"
)

// Kinds lists every component kind, in the order of the language reference.
var Kinds = []string{KindService, KindDatabase, KindCache, KindQueue, KindLoadBalancer, KindExternal}

// Defaults of the language.
const (
	DefaultInstanceAvailability = 0.999
	DefaultFailoverSeconds      = 60
	DefaultMTTRSeconds          = 3600
)

// Pos is a 1-based position in a topology file (of a block's or an
// attribute's first token).
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }

// Zone is a failure domain.
type Zone struct {
	Name         string
	Availability float64 // 1 when not modelled
	Modelled     bool
	Pos          Pos
}

// Component is one block of a component kind.
type Component struct {
	Name  string
	Kind  string
	Pos   Pos
	Index int // position in Model.Components

	Instances            int
	Zones                []string
	InstanceAvailability float64
	MinHealthy           int
	LatencyP99           *float64
	Mode                 string // active-active | active-passive
	Failover             string // automatic | manual
	FailoverTime         float64
	MTTR                 float64
	Stateless            bool
	SessionStore         string
	Engine               string
	Consistency          string // strong | eventual
	Replication          string // none | sync | async
	ReplicationLag       *float64
	RPO                  *float64
	RTO                  *float64

	Calls []*Call // in source order

	// Availability is the component's own availability (instances, zones,
	// k-of-n, mode, failover), without what it calls.
	Availability float64
}

// Call is a `call "TARGET"` block inside a component.
type Call struct {
	From, To       string
	Pos            Pos
	Timeout        *float64
	TotalTimeout   *float64 // of all attempts together
	TotalPos       *Pos     // where TotalTimeout is set; nil when it is not
	Retries        int      // -1 for unlimited
	Backoff        string
	Jitter         bool
	Idempotent     bool
	IdempotencyKey bool
	CircuitBreaker bool
	Fallback       string
	Required       bool
	Consistency    string
}

// ID is the call's subject in findings: "from->to".
func (c *Call) ID() string { return c.From + "->" + c.To }

// AttemptBound is what bounds one attempt: the smaller of Timeout and
// TotalTimeout, whichever are set; nil when neither is.
func (c *Call) AttemptBound() *float64 {
	switch {
	case c.Timeout == nil:
		return c.TotalTimeout
	case c.TotalTimeout != nil && *c.TotalTimeout < *c.Timeout:
		return c.TotalTimeout
	}
	return c.Timeout
}

// Attempts is retries + 1, or 0 when the call retries forever.
func (c *Call) Attempts() int {
	if c.Retries < 0 {
		return 0
	}
	return c.Retries + 1
}

// Journey is a user-facing path and its objective.
type Journey struct {
	Name          string
	Entry         string
	Pos           Pos
	SLO           float64
	Window        string
	WindowMinutes float64
	Timeout       *float64
}

// Exception waives one finding (rule + subject) with a reason.
type Exception struct {
	Rule, Subject, Reason string
	Pos                   Pos
}

// Model is a validated topology: every reference resolves, names are
// unique and required calls form no cycle.
type Model struct {
	Zones      []*Zone      // sorted by name
	Components []*Component // sorted by name
	Calls      []*Call      // sorted by file, line, column
	Journeys   []*Journey   // sorted by name
	Exceptions []*Exception // in source order
	// Files holds, for each loaded file, the byte length of every line:
	// what a user policy's finding position is checked against.
	Files map[string][]int

	zoneByName map[string]*Zone
	byName     map[string]*Component
}

// Component returns the named component, or nil.
func (m *Model) Component(name string) *Component { return m.byName[name] }

// Zone returns the named zone, or nil.
func (m *Model) Zone(name string) *Zone { return m.zoneByName[name] }
