package exportdata_test

import (
	"go/ast"
	"go/parser"
	"go/token"
)

func parseFile(fset *token.FileSet, src string) ([]*ast.File, error) {
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		return nil, err
	}
	return []*ast.File{f}, nil
}
