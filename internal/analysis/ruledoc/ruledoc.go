// Package ruledoc extracts an analyzer's documentation from the package
// comment of its doc.go, so that go doc, `nines rules`, SARIF help text, the
// generated rule pages and the playground all read one source.
package ruledoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// BaseURL is where the generated rule pages live; a rule's page is
// BaseURL + name + ".md".
const BaseURL = "https://github.com/nines-dev/nines/blob/main/docs/rules/"

// URL returns the documentation page of the named rule.
func URL(name string) string { return BaseURL + name + ".md" }

// Extract returns the section of the package comment in src (the text of a
// doc.go file) that starts after the heading "# Analyzer NAME" and runs to the
// next heading or the end. The result starts with the "NAME: summary" line.
func Extract(src []byte, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parsing doc.go of %s: %w", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go of %s has no package comment", name)
	}
	heading := "# Analyzer " + name
	var out []string
	found := false
	for _, line := range strings.Split(f.Doc.Text(), "\n") {
		if !found {
			found = strings.TrimSpace(line) == heading
			continue
		}
		if strings.HasPrefix(line, "# ") {
			break
		}
		out = append(out, line)
	}
	if !found {
		return "", fmt.Errorf("doc.go of %s has no %q heading", name, heading)
	}
	doc := strings.TrimSpace(strings.Join(out, "\n"))
	if !strings.HasPrefix(doc, name+": ") {
		return "", fmt.Errorf("doc of %s must start with %q", name, name+": ")
	}
	return doc, nil
}

// MustExtract is Extract for package initialisation: a malformed doc.go is a
// programming error caught by every test of the analyzer.
func MustExtract(src []byte, name string) string {
	doc, err := Extract(src, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Summary returns the one-line summary of a doc: the first line without the
// "NAME: " prefix.
func Summary(doc string) string {
	first, _, _ := strings.Cut(doc, "\n")
	if _, after, ok := strings.Cut(first, ": "); ok {
		return after
	}
	return first
}

// Body returns the doc without its summary line.
func Body(doc string) string {
	_, rest, _ := strings.Cut(doc, "\n")
	return strings.TrimSpace(rest)
}
