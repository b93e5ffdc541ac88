// Package fixes builds the text edits of the analyzers' suggested fixes:
// adding a field to a struct literal and importing a package the new code
// refers to. The edits keep the surrounding code in gofmt's shape (tabs,
// one field per line in multi-line literals, imports in sorted position) so
// that `nines vet -fix` leaves files that gofmt would not change beyond
// alignment of keyed values.
package fixes

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// InsertField returns the edit that adds "name: value" to the struct
// literal lit. In a literal written on one line the field is appended
// (T{A: a} becomes T{A: a, name: value}); in a multi-line literal it gets
// a line of its own before the closing brace. It reports false for a
// positional literal (T{a, b}), where a keyed field cannot be mixed in.
func InsertField(fset *token.FileSet, lit *ast.CompositeLit, name, value string) (analysis.TextEdit, bool) {
	field := name + ": " + value
	for _, elt := range lit.Elts {
		if _, ok := elt.(*ast.KeyValueExpr); !ok {
			return analysis.TextEdit{}, false
		}
	}
	tf := fset.File(lit.Rbrace)
	if tf == nil || !lit.Lbrace.IsValid() || !lit.Rbrace.IsValid() {
		return analysis.TextEdit{}, false
	}
	rbraceLine := tf.Line(lit.Rbrace)
	if len(lit.Elts) == 0 {
		if tf.Line(lit.Lbrace) == rbraceLine {
			return insert(lit.Rbrace, field), true
		}
		// T{\n}: the field needs a trailing comma before the newline.
		return insert(tf.LineStart(rbraceLine), indent(fset, lit.Rbrace)+"\t"+field+",\n"), true
	}
	last := lit.Elts[len(lit.Elts)-1]
	if tf.Line(last.End()) == rbraceLine {
		// Appending right after the last element is correct whether or not
		// it is followed by a comma: T{A: a,} becomes T{A: a, B: b,}.
		return insert(last.End(), ", "+field), true
	}
	// Multi-line: Go requires a comma after the last element already, so a
	// new line "\tname: value,\n" before the brace's line is complete.
	return insert(tf.LineStart(rbraceLine), indent(fset, lit.Rbrace)+"\t"+field+",\n"), true
}

// indent returns the tabs that indent the line of pos up to pos, assuming
// gofmt's tab indentation.
func indent(fset *token.FileSet, pos token.Pos) string {
	col := fset.Position(pos).Column
	if col <= 1 {
		return ""
	}
	return strings.Repeat("\t", col-1)
}

func insert(pos token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
}

// Import returns the name by which code at pos in file can refer to the
// package with import path path, and the edits needed to make that so: none
// when the file already imports it (under whatever name the file chose, so
// a renamed import `stdtime "time"` gives "stdtime"), or one edit adding
// the import under its default name otherwise. pkg and info describe the
// file's package; they are used to check that the name is not shadowed at
// pos. It reports false when no usable name exists, for example when a
// local variable named "time" hides the package; callers should then offer
// no fix rather than a wrong one.
func Import(fset *token.FileSet, pkg *types.Package, info *types.Info, file *ast.File, pos token.Pos, path, defaultName string) (string, []analysis.TextEdit, bool) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		name := defaultName
		if spec.Name != nil {
			name = spec.Name.Name
		} else if pn, ok := info.Implicits[spec].(*types.PkgName); ok {
			name = pn.Name()
		}
		if name == "_" || name == "." {
			continue // not usable with a qualifier; add a plain import below
		}
		if resolvesTo(pkg, file, pos, name, path) {
			return name, nil, true
		}
		return "", nil, false
	}
	if !resolvesTo(pkg, file, pos, defaultName, "") {
		return "", nil, false
	}
	return defaultName, []analysis.TextEdit{addImport(fset, file, path)}, true
}

// resolvesTo reports whether name at pos in file refers to the import of
// path, or, when path is "", whether name is free at pos so a new import
// can take it.
func resolvesTo(pkg *types.Package, file *ast.File, pos token.Pos, name, path string) bool {
	if pkg == nil {
		return path == "" // no type information: trust the file as written
	}
	scope := pkg.Scope().Innermost(pos)
	if scope == nil {
		// pos outside any function: start from the file scope.
		scope = pkg.Scope().Innermost(file.Pos())
	}
	if scope == nil {
		return path == ""
	}
	_, obj := scope.LookupParent(name, pos)
	if path == "" {
		return obj == nil
	}
	pn, ok := obj.(*types.PkgName)
	return ok && pn.Imported().Path() == path
}

// addImport returns the edit that imports path: into the import block that
// holds the standard library (or the first block), at its sorted place; as
// a new declaration after a single unparenthesised import; or after the
// package clause when the file has no imports.
func addImport(fset *token.FileSet, file *ast.File, path string) analysis.TextEdit {
	quoted := strconv.Quote(path)
	var decls []*ast.GenDecl
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			decls = append(decls, gd)
		}
	}
	if len(decls) == 0 {
		return insert(file.Name.End(), "\n\nimport "+quoted)
	}
	target := decls[0]
	for _, gd := range decls {
		if gd.Lparen.IsValid() && hasStdImport(gd) {
			target = gd
			break
		}
	}
	if !target.Lparen.IsValid() {
		return insert(target.End(), "\nimport "+quoted)
	}
	if !hasStdImport(target) {
		// A group of its own at the top, as goimports would place it.
		return insert(target.Lparen+1, "\n\t"+quoted+"\n")
	}
	// Insert before the first spec of the first run of standard library
	// imports that sorts after path (or equals it: gofmt puts an unnamed
	// import before a blank or dot one of the same path).
	for _, s := range target.Specs {
		spec := s.(*ast.ImportSpec)
		p, _ := strconv.Unquote(spec.Path.Value)
		if isStd(p) && p >= path {
			start := spec.Pos()
			if spec.Doc != nil {
				start = spec.Doc.Pos()
			}
			return insert(start, quoted+"\n"+indent(fset, start))
		}
	}
	// After the last standard library spec.
	var after *ast.ImportSpec
	for _, s := range target.Specs {
		spec := s.(*ast.ImportSpec)
		if p, _ := strconv.Unquote(spec.Path.Value); isStd(p) {
			after = spec
		}
	}
	end := after.End()
	if after.Comment != nil {
		end = after.Comment.End()
	}
	return insert(end, "\n"+indent(fset, after.Pos())+quoted)
}

func hasStdImport(gd *ast.GenDecl) bool {
	for _, s := range gd.Specs {
		p, _ := strconv.Unquote(s.(*ast.ImportSpec).Path.Value)
		if isStd(p) {
			return true
		}
	}
	return false
}

// isStd reports whether path looks like a standard library import path: no
// dot in its first element, as goimports decides it.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
