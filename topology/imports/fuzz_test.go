package imports

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nines-dev/nines/topology"
)

// addSeeds adds the files of the fixtures below testdata/topology whose
// names pass keep, and the given snippets.
func addSeeds(f *testing.F, keep func(string) bool, snippets ...string) {
	f.Helper()
	err := filepath.WalkDir(fixtureRoot, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !keep(p) {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil {
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range snippets {
		f.Add([]byte(s))
	}
}

// fuzzReader reads src as the file name with read, then loads what it
// made as the command line would (without an overlay): nothing panics,
// and every error, the reader's or the loader's, is at a line and column
// of that file. Inputs the fuzzer found are kept in testdata/fuzz.
func fuzzReader(t *testing.T, name string, src []byte, read func([]Source) (*topology.Imported, topology.ErrorList)) {
	imp, errs := read([]Source{{Name: name, Data: src}})
	// The end of a file that ends in a newline is on the line after its
	// last, where HCL's own diagnostics put it (as for *.nines.hcl).
	lines := len(topology.LineLengths(src)) + 1
	positioned := func(what string, e *topology.Error) {
		t.Helper()
		if e.Pos.File != name || e.Pos.Line < 1 || e.Pos.Column < 1 || e.Pos.Line > lines {
			t.Fatalf("%s error not positioned in %s (%d lines): %q at %+v", what, name, lines, e.Message, e.Pos)
		}
	}
	for _, e := range errs {
		positioned("reader", e)
	}
	if len(errs) > 0 || imp == nil {
		return
	}
	for _, file := range imp.Files {
		for _, b := range file.Blocks {
			if b.Pos.File != name || b.Pos.Line < 1 {
				t.Fatalf("component %q not positioned: %+v", b.Name, b.Pos)
			}
		}
	}
	_, err := topology.LoadImported(fstest.MapFS{}, nil, imp, topology.Limits{})
	var list topology.ErrorList
	if err != nil && !errors.As(err, &list) {
		t.Fatalf("loading: %v, not an ErrorList", err)
	}
	for _, e := range list {
		positioned("loader", e)
	}
}

func FuzzKubernetes(f *testing.F) {
	addSeeds(f, func(p string) bool { return isYAMLName(p) && !IsComposeName(p) }, deployment, vs("    - route: []\n"),
		"apiVersion: v1\nkind: List\nitems:\n  - &d\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: api\n  - *d\n")
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzReader(t, "m.yaml", src, Kubernetes)
	})
}

func FuzzCompose(f *testing.F) {
	addSeeds(f, IsComposeName, "services:\n  web:\n    deploy:\n      replicas: 2\n    depends_on:\n      db:\n        required: false\n  db: {}\n",
		"x: &x {image: a}\nservices:\n  a:\n    <<: *x\n    links: [\"b:c\"]\n  b: *x\n",
		"services:\n  a:\n    extends: b\n    profiles: [p]\n  b:\n    extends: {service: c}\n  c:\n    depends_on: [a]\n")
	f.Fuzz(func(t *testing.T, src []byte) {
		fuzzReader(t, "compose.yaml", src, Compose)
	})
}

func FuzzTerraform(f *testing.F) {
	addSeeds(f, func(p string) bool { return IsTerraform(p) || strings.HasSuffix(p, "plan.json") }, subnets+"resource \"aws_autoscaling_group\" \"g\" {\n  min_size = 2\n  vpc_zone_identifier = aws_subnet.many[*].id\n}\n",
		"resource \"aws_rds_cluster\" \"c\" {\n}\nresource \"aws_rds_cluster_instance\" \"i\" {\n  count = 2\n  cluster_identifier = aws_rds_cluster.c.id\n}\n",
		`{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{"resources":[{"address":"aws_instance.a[0]","mode":"managed","type":"aws_instance","name":"a","values":{"subnet_id":"s"}}]}}}`)
	f.Fuzz(func(t *testing.T, src []byte) {
		// the .tf files and, when src is one, plan JSON (read by content)
		fuzzReader(t, "main.tf", src, Terraform)
	})
}

func isYAMLName(p string) bool {
	return strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")
}
