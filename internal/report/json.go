package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"io"

	"github.com/nines-dev/nines/topology"
)

// JSON prints a run's JSON document: for the Go analyzers the tree go vet
// -json prints (package ID, then analyzer, then the list of its diagnostics
// or an {"error": ...} object), for a topology its findings, journeys and
// waived findings. The two documents differ, so a report of both runs has
// no JSON form.
type JSON struct{}

func (JSON) Write(w io.Writer, r *Report) error {
	if len(r.Runs) != 1 {
		return errors.New("a JSON report holds the findings of one tool: run nines vet and nines topo apart")
	}
	var doc []byte
	var err error
	switch run := r.Runs[0]; run.Kind {
	case Vet:
		// go vet -json's indentation and HTML escaping.
		doc, err = json.MarshalIndent(vetTree(run), "", "\t")
		doc = append(doc, '\n')
	case Topo:
		doc, err = encodeJSON(topoDocument(run))
	}
	if err != nil {
		return fmt.Errorf("encoding findings as JSON: %w", err)
	}
	if _, err := w.Write(doc); err != nil {
		return fmt.Errorf("writing findings: %w", err)
	}
	return nil
}

type jsonDiagnostic struct {
	Category       string    `json:"category,omitempty"`
	Posn           string    `json:"posn"`
	End            string    `json:"end"`
	Message        string    `json:"message"`
	SuggestedFixes []jsonFix `json:"suggested_fixes,omitempty"`
	// Related is go vet -json's "related": the further sites of a finding.
	Related []jsonRelated `json:"related,omitempty"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonError struct {
	Err string `json:"error"`
}

func vetTree(run *Run) map[string]map[string]any {
	tree := make(map[string]map[string]any)
	add := func(pkg, analyzer string, v any) {
		if tree[pkg] == nil {
			tree[pkg] = make(map[string]any)
		}
		tree[pkg][analyzer] = v
	}
	for _, f := range reported(run.Findings) {
		posn := token.Position{Filename: f.File, Line: f.Line, Column: f.Column}.String()
		d := jsonDiagnostic{Category: f.Category, Posn: posn, End: posn, Message: f.Message}
		if f.EndLine > 0 {
			d.End = token.Position{Filename: f.File, Line: f.EndLine, Column: f.EndColumn}.String()
		}
		for _, rel := range f.Related {
			posn := token.Position{Filename: rel.File, Line: rel.Line, Column: rel.Column}.String()
			jr := jsonRelated{Posn: posn, End: posn, Message: rel.Message}
			if rel.EndLine > 0 {
				jr.End = token.Position{Filename: rel.File, Line: rel.EndLine, Column: rel.EndColumn}.String()
			}
			d.Related = append(d.Related, jr)
		}
		for _, fix := range f.Fixes {
			jf := jsonFix{Message: fix.Message, Edits: []jsonEdit{}}
			for _, e := range fix.Edits {
				jf.Edits = append(jf.Edits, jsonEdit(e))
			}
			d.SuggestedFixes = append(d.SuggestedFixes, jf)
		}
		list, _ := tree[f.PackageID][f.Rule].([]jsonDiagnostic)
		add(f.PackageID, f.Rule, append(list, d))
	}
	for _, e := range run.Errors {
		add(e.PackageID, e.Analyzer, jsonError{e.Err})
	}
	for _, e := range run.LoadErrors {
		if prev, ok := tree[e.PackageID]["typecheck"].(jsonError); ok {
			add(e.PackageID, "typecheck", jsonError{prev.Err + "\n" + e.Text})
			continue
		}
		add(e.PackageID, "typecheck", jsonError{e.Text})
	}
	return tree
}

// topoJSON is the topology's JSON document, every list present.
type topoJSON struct {
	Findings []topology.Finding `json:"findings"`
	Journeys []Journey          `json:"journeys"`
	Waived   []topology.Waived  `json:"waived"`
}

func topoDocument(run *Run) topoJSON {
	doc := topoJSON{Findings: []topology.Finding{}, Journeys: []Journey{}, Waived: []topology.Waived{}}
	for _, f := range run.Findings {
		tf := topology.Finding{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Subject: f.Subject, File: f.File, Line: f.Line, Column: f.Column}
		if f.Suppressed {
			doc.Waived = append(doc.Waived, topology.Waived{Finding: tf, Reason: f.Justification, Exception: f.Exception})
		} else {
			doc.Findings = append(doc.Findings, tf)
		}
	}
	for _, j := range run.Journeys {
		if j.Contributors == nil {
			j.Contributors = []topology.Contributor{}
		}
		doc.Journeys = append(doc.Journeys, j)
	}
	return doc
}

// encodeJSON encodes v indented by two spaces, with <, > and & as they are.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}
