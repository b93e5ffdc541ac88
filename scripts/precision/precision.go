package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// modes are nines vet without and with -tests. A verdict's mode says where its
// finding first appears: "default" rows count in both modes, "tests" rows only
// with -tests (which reports everything default mode does, and _test.go files).
var modes = []string{"default", "tests"}

var halves = []string{"tuning", "heldout"}

type Module struct {
	Path, Version, Kind, Half string
	Patterns                  []string
}

type Verdict struct {
	Module, File    string
	Line, Column    int
	Analyzer, Mode  string
	Verdict, Reason string
	lineNo          int // in verdicts.tsv
}

type Finding struct {
	Module, File string
	Line, Column int
	Analyzer     string
	Message      string
}

func readTSV(path string) ([][]string, [][2]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var rows [][]string
	var where [][2]int
	header := true
	for i, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header { // the column names
			header = false
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
		where = append(where, [2]int{i + 1, 0})
	}
	return rows, where, nil
}

func readModules(path string) ([]Module, error) {
	rows, where, err := readTSV(path)
	if err != nil {
		return nil, err
	}
	var mods []Module
	for i, r := range rows {
		if len(r) != 5 {
			return nil, fmt.Errorf("%s:%d: want 5 columns, have %d", path, where[i][0], len(r))
		}
		m := Module{Path: r[0], Version: r[1], Kind: r[2], Half: r[3], Patterns: strings.Fields(r[4])}
		if m.Half != "tuning" && m.Half != "heldout" {
			return nil, fmt.Errorf("%s:%d: half %q is neither tuning nor heldout", path, where[i][0], m.Half)
		}
		if m.Kind != "library" && m.Kind != "application" {
			return nil, fmt.Errorf("%s:%d: kind %q is neither library nor application", path, where[i][0], m.Kind)
		}
		mods = append(mods, m)
	}
	return mods, nil
}

// parsePosition splits "file.go:12:5" (column optional).
func parsePosition(s string) (file string, line, col int, err error) {
	parts := strings.Split(s, ":")
	nums := []int{}
	for len(parts) > 1 && len(nums) < 2 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	if len(nums) == 0 {
		return "", 0, 0, fmt.Errorf("position %q has no line", s)
	}
	line = nums[0]
	if len(nums) > 1 {
		col = nums[1]
	}
	return strings.Join(parts, ":"), line, col, nil
}

func readVerdicts(path string) ([]Verdict, error) {
	rows, where, err := readTSV(path)
	if err != nil {
		return nil, err
	}
	var vs []Verdict
	for i, r := range rows {
		if len(r) != 6 {
			return nil, fmt.Errorf("%s:%d: want 6 columns, have %d", path, where[i][0], len(r))
		}
		file, line, col, err := parsePosition(r[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, where[i][0], err)
		}
		v := Verdict{Module: r[0], File: file, Line: line, Column: col, Analyzer: r[2], Mode: r[3], Verdict: r[4], Reason: r[5], lineNo: where[i][0]}
		switch {
		case v.Mode != "default" && v.Mode != "tests":
			return nil, fmt.Errorf("%s:%d: mode %q is neither default nor tests", path, v.lineNo, v.Mode)
		case v.Verdict != "TP" && v.Verdict != "FP" && v.Verdict != "FN":
			return nil, fmt.Errorf("%s:%d: verdict %q is not TP, FP or FN", path, v.lineNo, v.Verdict)
		case strings.TrimSpace(v.Reason) == "":
			return nil, fmt.Errorf("%s:%d: a verdict needs a reason", path, v.lineNo)
		}
		vs = append(vs, v)
	}
	return vs, nil
}

func validate(mods []Module, vs []Verdict) error {
	known := map[string]bool{}
	for _, m := range mods {
		known[m.Path] = true
	}
	seen := map[string]int{}
	for _, v := range vs {
		if !known[v.Module] {
			return fmt.Errorf("verdicts.tsv:%d: module %s is not in modules.tsv", v.lineNo, v.Module)
		}
		k := key(v.Module, v.File, v.Line, v.Analyzer)
		if prev, ok := seen[k]; ok {
			return fmt.Errorf("verdicts.tsv:%d: same finding as line %d", v.lineNo, prev)
		}
		seen[k] = v.lineNo
	}
	return nil
}

func key(module, file string, line int, analyzer string) string {
	return fmt.Sprintf("%s\x00%s\x00%d\x00%s", module, file, line, analyzer)
}

// escapePath is the module cache's spelling of a module path: each upper-case
// letter becomes '!' and its lower case.
func escapePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// parseVetJSON reads nines vet -json output (package -> analyzer -> list of
// diagnostics) and keeps the findings in the benchmark's modules, once each
// (a package and its test variant report the same finding).
func parseVetJSON(data []byte, mods []Module, modCache string) ([]Finding, error) {
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &tree); err != nil {
		return nil, fmt.Errorf("reading nines vet -json output: %w", err)
	}
	prefixes := map[string]string{}
	for _, m := range mods {
		prefixes[modCache+"/"+escapePath(m.Path)+"@"+m.Version+"/"] = m.Path
	}
	seen := map[string]bool{}
	var out []Finding
	for pkg, analyzers := range tree {
		for analyzer, raw := range analyzers {
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				// An {"error": ...} object: the analyzer failed, or the package did
				// not load ("typecheck"); its findings are missing from the figures.
				var e struct{ Error string }
				_ = json.Unmarshal(raw, &e)
				fmt.Fprintf(os.Stderr, "precision: warning: %s: %s: %s\n", pkg, analyzer, firstLine(e.Error))
				continue
			}
			for _, d := range diags {
				file, line, col, err := parsePosition(d.Posn)
				if err != nil {
					return nil, err
				}
				for pre, mod := range prefixes {
					if !strings.HasPrefix(file, pre) {
						continue
					}
					f := Finding{Module: mod, File: strings.TrimPrefix(file, pre), Line: line, Column: col, Analyzer: analyzer, Message: d.Message}
					k := key(f.Module, f.File, f.Line, f.Analyzer)
					if !seen[k] {
						seen[k] = true
						out = append(out, f)
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Module != b.Module {
			return a.Module < b.Module
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Analyzer < b.Analyzer
	})
	return out, nil
}

// Cell counts one analyzer on one half in one mode.
type Cell struct {
	Findings int // findings nines reports now (with findings), or reviewed findings (verdicts alone)
	TP, FP   int // reviewed findings judged right / wrong
	Missed   int // real defects not reported: FN rows, and with findings, TPs no longer reported
	Found    int // real defects reported
}

func (c *Cell) add(o Cell) {
	c.Findings += o.Findings
	c.TP += o.TP
	c.FP += o.FP
	c.Missed += o.Missed
	c.Found += o.Found
}

func (c Cell) precision() string { return ratio(c.TP, c.TP+c.FP) }
func (c Cell) recall() string    { return ratio(c.Found, c.Found+c.Missed) }

func ratio(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d = %.0f%%", n, d, 100*float64(n)/float64(d))
}

type Table struct {
	Mode        string
	Matched     bool                       // findings were given
	Cells       map[string]map[string]Cell // analyzer -> half -> cell
	Unverdicted []Finding
	// StillFP are the FP verdicts whose finding nines still reports (with
	// findings only): what is left to fix, in verdicts.tsv's order.
	StillFP []Verdict
	// Lost are the TP verdicts nines no longer reports (with findings).
	Lost []Verdict
}

// score counts the verdicts of one mode. Without findings (matched false) a
// TP or FP verdict is a finding and an FN a miss. With findings, only verdicts
// whose finding nines still reports count as TP or FP; a TP or FN counts as
// found when nines reports it and as missed when it does not.
func score(mods []Module, vs []Verdict, mode string, findings []Finding, matched bool) Table {
	half := map[string]string{}
	for _, m := range mods {
		half[m.Path] = m.Half
	}
	t := Table{Mode: mode, Matched: matched, Cells: map[string]map[string]Cell{}}
	cell := func(analyzer, h string) *Cell {
		if t.Cells[analyzer] == nil {
			t.Cells[analyzer] = map[string]Cell{}
		}
		c := t.Cells[analyzer][h]
		return &c
	}
	put := func(analyzer, h string, c *Cell) { t.Cells[analyzer][h] = *c }

	inMode := func(v Verdict) bool { return v.Mode == "default" || mode == "tests" }
	reported := map[string]bool{}
	for _, f := range findings {
		reported[key(f.Module, f.File, f.Line, f.Analyzer)] = true
	}
	byKey := map[string]Verdict{}
	for _, v := range vs {
		if inMode(v) {
			byKey[key(v.Module, v.File, v.Line, v.Analyzer)] = v
		}
	}
	for _, v := range vs {
		if !inMode(v) {
			continue
		}
		c := cell(v.Analyzer, half[v.Module])
		now := reported[key(v.Module, v.File, v.Line, v.Analyzer)]
		switch {
		case !matched && v.Verdict == "TP":
			c.Findings++
			c.TP++
			c.Found++
		case !matched && v.Verdict == "FP":
			c.Findings++
			c.FP++
		case !matched && v.Verdict == "FN":
			c.Missed++
		case v.Verdict == "TP" && now:
			c.TP++
			c.Found++
		case v.Verdict == "FP" && now:
			c.FP++
			t.StillFP = append(t.StillFP, v)
		case v.Verdict == "FN" && now:
			c.Found++ // now reported, but not reviewed as a finding
		case v.Verdict == "TP" || v.Verdict == "FN":
			c.Missed++
			if matched && v.Verdict == "TP" {
				t.Lost = append(t.Lost, v)
			}
		}
		put(v.Analyzer, half[v.Module], c)
	}
	for _, f := range findings {
		c := cell(f.Analyzer, half[f.Module])
		c.Findings++
		put(f.Analyzer, half[f.Module], c)
		if v, ok := byKey[key(f.Module, f.File, f.Line, f.Analyzer)]; !ok || v.Verdict == "FN" {
			t.Unverdicted = append(t.Unverdicted, f)
		}
	}
	return t
}

func (t Table) format() string {
	var b strings.Builder
	what := "reviewed"
	if t.Matched {
		what = "findings"
	}
	fmt.Fprintf(&b, "mode %s\n", t.Mode)
	fmt.Fprintf(&b, "%-18s %-8s %8s %4s %4s %6s %-18s %-18s\n", "analyzer", "half", what, "TP", "FP", "missed", "precision", "recall")
	var names []string
	for a := range t.Cells {
		names = append(names, a)
	}
	sort.Strings(names)
	total := map[string]Cell{}
	row := func(name, h string, c Cell) {
		fmt.Fprintf(&b, "%-18s %-8s %8d %4d %4d %6d %-18s %-18s\n", name, h, c.Findings, c.TP, c.FP, c.Missed, c.precision(), c.recall())
	}
	for _, a := range names {
		var all Cell
		for _, h := range halves {
			c := t.Cells[a][h]
			row(a, h, c)
			all.add(c)
			tc := total[h]
			tc.add(c)
			total[h] = tc
		}
		row(a, "both", all)
	}
	var all Cell
	for _, h := range halves {
		row("all analyzers", h, total[h])
		all.add(total[h])
	}
	row("all analyzers", "both", all)
	if t.Matched {
		fmt.Fprintf(&b, "findings without a verdict: %d\n", len(t.Unverdicted))
	}
	return b.String()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}
