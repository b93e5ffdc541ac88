// Package sarif writes findings as a SARIF 2.1.0 log, the format GitHub code
// scanning and most security dashboards read.
//
// It knows nothing about Go analyzers or topology files: callers describe
// their rules and results with the small types below. It does not touch the
// file system either; LineTexts reads source lines from an fs.FS when the
// caller has one, so the log can carry stable fingerprints.
package sarif

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SchemaURI is the JSON Schema of the logs Write produces.
const SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// Levels a rule or result may have; the empty string means Warning.
const (
	Error   = "error"
	Warning = "warning"
	Note    = "note"
	None    = "none"
)

// Tool describes the program that produced the results.
type Tool struct {
	Name           string
	Version        string
	InformationURI string
}

// Rule describes one kind of result: an analyzer or a topology policy.
type Rule struct {
	ID      string // stable identifier, e.g. "httpclienttimeout"
	Short   string // one-line summary
	Full    string // a paragraph; defaults to Short
	Help    string // the full documentation as plain text
	HelpURI string // the rule's documentation page
	Level   string // default level of its results; empty means Warning
	// HelpMarkdown, when set, is shown by viewers that render markdown
	// (GitHub does) instead of Help.
	HelpMarkdown string
}

// Result is one finding.
type Result struct {
	RuleID  string
	Level   string // empty means the rule's level
	Message string
	// File is the path of the file relative to the repository root, with
	// forward slashes. Empty means the result has no location.
	File string
	// Lines and columns are 1-based; columns count bytes, as go/token and
	// hcl do. A zero StartLine means the result is about the whole file.
	StartLine, StartColumn, EndLine, EndColumn int
	// Suppressed marks a finding silenced in the source (a nolint
	// comment); Justification is the reason given there, if any.
	Suppressed    bool
	Justification string
	// LineText is the text of line StartLine. It makes the fingerprint
	// stable when code moves, and lets columns be reported in characters.
	// LineTexts fills it from a file system.
	LineText string
	// Related are further locations of the result (the other sites of one
	// root cause), written as its relatedLocations.
	Related []RelatedLocation
}

// RelatedLocation is a further location of a result, with its message.
// Its fields mean what a Result's do.
type RelatedLocation struct {
	File                                       string
	StartLine, StartColumn, EndLine, EndColumn int
	Message                                    string
	LineText                                   string
}

// Notification is a problem the tool met while running (a file it could
// not parse, a check that failed), as opposed to a finding.
type Notification struct {
	Level   string // Error, Warning or Note; empty means Error
	Message string
}

// Log is a SARIF log of one run of a tool; WriteRuns puts several in one
// log.
type Log struct {
	Tool          Tool
	Rules         []Rule
	Results       []Result
	Notifications []Notification
	// AutomationID, when set, is the run's automationDetails.id. Code
	// scanning tells the runs of one upload apart by it, so a log with
	// two runs of the same tool needs one per run ("nines/vet/").
	AutomationID string
}

// Write writes a SARIF log with one run of tool to w. Rules are listed in ID
// order and results in file, position, rule and message order, so the same
// findings always produce the same bytes.
func Write(w io.Writer, tool Tool, rules []Rule, results []Result) error {
	return Log{Tool: tool, Rules: rules, Results: results}.Write(w)
}

// Write writes the log to w, as the function Write does. The run's
// invocation records the notifications, in order, and is marked failed when
// one of them is an error: code scanning shows them as the tool's status.
func (l Log) Write(w io.Writer) error { return WriteRuns(w, []Log{l}) }

// WriteRuns writes one SARIF log holding a run for each element of runs, in
// order, each written as Log.Write writes its single run.
func WriteRuns(w io.Writer, runs []Log) error {
	log := &sarifLog{Schema: SchemaURI, Version: "2.1.0", Runs: []run{}}
	for _, l := range runs {
		r, err := l.run()
		if err != nil {
			return fmt.Errorf("building SARIF log: %w", err)
		}
		log.Runs = append(log.Runs, *r)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("encoding SARIF log: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing SARIF log: %w", err)
	}
	return nil
}

// run builds the run of l, its invocation included.
func (l Log) run() (*run, error) {
	r, err := build(l.Tool, l.Rules, l.Results)
	if err != nil {
		return nil, err
	}
	if l.AutomationID != "" {
		r.AutomationDetails = &automationDetails{ID: l.AutomationID}
	}
	inv := invocation{ExecutionSuccessful: true, Notifications: []notification{}}
	for _, n := range l.Notifications {
		if err := checkLevel(n.Level); err != nil {
			return nil, fmt.Errorf("notification %q: %w", n.Message, err)
		}
		level := firstNonEmpty(n.Level, Error)
		if level == Error {
			inv.ExecutionSuccessful = false
		}
		inv.Notifications = append(inv.Notifications, notification{Level: level, Message: message{Text: n.Message}})
	}
	r.Invocations = []invocation{inv}
	return r, nil
}

// LineTexts sets the LineText of every result that has a file and a line,
// reading the files from fsys (typically os.DirFS of the repository root).
// It fills what it can and returns the first error for a file it could not
// read or a line past the end of its file.
func LineTexts(fsys fs.FS, results []Result) error {
	cache := make(map[string][]string)
	var firstErr error
	for i := range results {
		r := &results[i]
		if r.File == "" || r.StartLine < 1 {
			continue
		}
		lines, ok := cache[r.File]
		if !ok {
			data, err := fs.ReadFile(fsys, path.Clean(r.File))
			if err != nil && firstErr == nil {
				firstErr = fmt.Errorf("reading source line for fingerprint: %w", err)
			}
			lines = strings.Split(string(data), "\n")
			cache[r.File] = lines
		}
		if r.StartLine > len(lines) {
			if firstErr == nil {
				firstErr = fmt.Errorf("reading source line for fingerprint: %s has no line %d", r.File, r.StartLine)
			}
			continue
		}
		r.LineText = strings.TrimSuffix(lines[r.StartLine-1], "\r")
	}
	return firstErr
}

// Fingerprint returns the primaryLocationLineHash of a result whose rule and
// normalised line text hash to the same value as occurrence-1 earlier results
// in the same file: a hash of the rule and the line text with all white space
// removed, then ":" and the occurrence. Moving code, re-indenting it or
// editing other lines leaves it unchanged, so code scanning keeps tracking
// (and keeps dismissed) the same alert.
func Fingerprint(ruleID, lineText string, occurrence int) string {
	return fmt.Sprintf("%s:%d", lineHash(ruleID, lineText), occurrence)
}

func lineHash(ruleID, lineText string) string {
	h := sha256.New()
	h.Write([]byte(ruleID))
	h.Write([]byte{0})
	h.Write([]byte(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, lineText)))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// The JSON shapes below follow the SARIF 2.1.0 object model; field order is
// the order in which they are written.

type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool              runTool            `json:"tool"`
	AutomationDetails *automationDetails `json:"automationDetails,omitempty"`
	Invocations       []invocation       `json:"invocations"`
	ColumnKind        string             `json:"columnKind"`
	Results           []result           `json:"results"`
}

type automationDetails struct {
	ID string `json:"id"`
}

type invocation struct {
	ExecutionSuccessful bool           `json:"executionSuccessful"`
	Notifications       []notification `json:"toolExecutionNotifications"`
}

type notification struct {
	Level   string  `json:"level"`
	Message message `json:"message"`
}

type runTool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name           string       `json:"name"`
	Version        string       `json:"version,omitempty"`
	InformationURI string       `json:"informationUri,omitempty"`
	Rules          []reportDesc `json:"rules"`
}

type message struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type reportDesc struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name,omitempty"`
	ShortDescription     *message       `json:"shortDescription,omitempty"`
	FullDescription      *message       `json:"fullDescription,omitempty"`
	Help                 *message       `json:"help,omitempty"`
	HelpURI              string         `json:"helpUri,omitempty"`
	DefaultConfiguration *configuration `json:"defaultConfiguration,omitempty"`
}

type configuration struct {
	Level string `json:"level"`
}

type result struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             message           `json:"message"`
	Locations           []location        `json:"locations,omitempty"`
	RelatedLocations    []location        `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
	Suppressions        []suppression     `json:"suppressions,omitempty"`
}

type location struct {
	// ID numbers a related location within its result, from 1.
	ID               int              `json:"id,omitempty"`
	PhysicalLocation physicalLocation `json:"physicalLocation"`
	Message          *message         `json:"message,omitempty"`
}

type physicalLocation struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
	Region           *region          `json:"region,omitempty"`
}

type artifactLocation struct {
	URI string `json:"uri"`
}

type region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type suppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

func checkLevel(level string) error {
	switch level {
	case "", Error, Warning, Note, None:
		return nil
	}
	return fmt.Errorf("invalid level %q (want error, warning, note or none)", level)
}

func build(tool Tool, rules []Rule, results []Result) (*run, error) {
	if tool.Name == "" {
		return nil, fmt.Errorf("tool has no name")
	}
	rules = slices.Clone(rules)
	slices.SortFunc(rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	index := make(map[string]int, len(rules))
	descs := make([]reportDesc, 0, len(rules))
	for i, r := range rules {
		if r.ID == "" {
			return nil, fmt.Errorf("rule %d has no id", i)
		}
		if _, dup := index[r.ID]; dup {
			return nil, fmt.Errorf("rule %q listed twice", r.ID)
		}
		if err := checkLevel(r.Level); err != nil {
			return nil, fmt.Errorf("rule %q: %w", r.ID, err)
		}
		index[r.ID] = i
		d := reportDesc{ID: r.ID, Name: r.ID, HelpURI: r.HelpURI}
		if r.Short != "" {
			d.ShortDescription = &message{Text: r.Short}
		}
		if full := firstNonEmpty(r.Full, r.Short); full != "" {
			d.FullDescription = &message{Text: full}
		}
		if r.Help != "" || r.HelpMarkdown != "" {
			d.Help = &message{Text: firstNonEmpty(r.Help, r.HelpMarkdown), Markdown: r.HelpMarkdown}
		}
		d.DefaultConfiguration = &configuration{Level: firstNonEmpty(r.Level, Warning)}
		descs = append(descs, d)
	}

	results = slices.Clone(results)
	slices.SortStableFunc(results, compareResults)
	out := make([]result, 0, len(results))
	occurrences := make(map[[2]string]int)
	for _, r := range results {
		i, ok := index[r.RuleID]
		if !ok {
			return nil, fmt.Errorf("result at %s:%d has rule %q, which is not in the rules", r.File, r.StartLine, r.RuleID)
		}
		if err := checkLevel(r.Level); err != nil {
			return nil, fmt.Errorf("result at %s:%d: %w", r.File, r.StartLine, err)
		}
		res := result{
			RuleID:    r.RuleID,
			RuleIndex: i,
			Level:     firstNonEmpty(r.Level, rules[i].Level, Warning),
			Message:   message{Text: r.Message},
		}
		if r.File != "" {
			loc := physicalLocation{ArtifactLocation: artifactLocation{URI: fileURI(r.File)}}
			if r.StartLine > 0 {
				loc.Region = resultRegion(r)
				h := lineHash(r.RuleID, r.LineText)
				key := [2]string{r.File, h}
				occurrences[key]++
				res.PartialFingerprints = map[string]string{
					"primaryLocationLineHash": fmt.Sprintf("%s:%d", h, occurrences[key]),
				}
			}
			res.Locations = []location{{PhysicalLocation: loc}}
		}
		for j, rel := range r.Related {
			loc := physicalLocation{ArtifactLocation: artifactLocation{URI: fileURI(rel.File)}}
			if rel.StartLine > 0 {
				loc.Region = resultRegion(Result{StartLine: rel.StartLine, StartColumn: rel.StartColumn, EndLine: rel.EndLine, EndColumn: rel.EndColumn, LineText: rel.LineText})
			}
			res.RelatedLocations = append(res.RelatedLocations, location{ID: j + 1, PhysicalLocation: loc, Message: &message{Text: rel.Message}})
		}
		if r.Suppressed {
			res.Suppressions = []suppression{{Kind: "inSource", Justification: r.Justification}}
		}
		out = append(out, res)
	}

	return &run{
		Tool: runTool{Driver: driver{
			Name:           tool.Name,
			Version:        tool.Version,
			InformationURI: tool.InformationURI,
			Rules:          descs,
		}},
		ColumnKind: "unicodeCodePoints",
		Results:    out,
	}, nil
}

// resultRegion converts byte columns to the code-point columns the log
// declares, where the line text is known.
func resultRegion(r Result) *region {
	reg := &region{StartLine: r.StartLine}
	if r.StartColumn > 0 {
		reg.StartColumn = charColumn(r.LineText, r.StartColumn)
	}
	if r.EndLine >= r.StartLine {
		reg.EndLine = r.EndLine
		if r.EndColumn > 0 {
			reg.EndColumn = r.EndColumn
			if r.EndLine == r.StartLine {
				reg.EndColumn = charColumn(r.LineText, r.EndColumn)
			}
			if reg.EndLine == reg.StartLine && reg.EndColumn < reg.StartColumn {
				reg.EndColumn = reg.StartColumn
			}
		}
	}
	return reg
}

func charColumn(line string, byteCol int) int {
	if byteCol-1 > len(line) {
		return byteCol
	}
	return utf8.RuneCountInString(line[:byteCol-1]) + 1
}

// fileURI makes a relative URI reference of a slash path: the characters a
// URI reserves are escaped, the slashes kept.
func fileURI(p string) string {
	var b strings.Builder
	for _, c := range []byte(p) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '/', c == '-', c == '.', c == '_', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func compareResults(a, b Result) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	for _, d := range [...]int{a.StartLine - b.StartLine, a.StartColumn - b.StartColumn, a.EndLine - b.EndLine, a.EndColumn - b.EndColumn} {
		if d != 0 {
			return d
		}
	}
	if c := strings.Compare(a.RuleID, b.RuleID); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

// firstNonEmpty returns the first non-empty string.
func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
