package imports

import (
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// countingFS counts the times each file is opened.
type countingFS struct {
	fstest.MapFS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.MapFS.Open(name)
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.MapFS.ReadFile(name)
}

const apiDeployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n"

// TestCollectorReadsOnce: a walk opens each file it takes once, and what
// it read to recognise manifests is what the reader gets; other YAML,
// templates and skipped directories are left out, and the files come
// sorted for each reader.
func TestCollectorReadsOnce(t *testing.T) {
	fsys := &countingFS{opens: map[string]int{}, MapFS: fstest.MapFS{
		"d/b.yaml":                  {Data: []byte(apiDeployment)},
		"d/a.yml":                   {Data: []byte("---\n" + apiDeployment)},
		"d/values.yaml":             {Data: []byte("replicas: 2\n")},
		"d/templates/x.yaml":        {Data: []byte("apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Name }}\n")},
		"d/compose.yaml":            {Data: []byte("services:\n  web: {}\n")},
		"d/infra/main.tf":           {Data: []byte("resource \"aws_instance\" \"app\" {}\n")},
		"d/.terraform/mod/x.tf":     {Data: []byte("resource \"aws_instance\" \"no\" {}\n")},
		"d/testdata/fixture.yaml":   {Data: []byte(apiDeployment)},
		"d/shop.nines.hcl":          {Data: []byte("zone \"a\" {}\n")},
		"d/node_modules/pkg/k.yaml": {Data: []byte(apiDeployment)},
	}}
	c := &Collector{FS: fsys}
	if err := c.Walk("d"); err != nil {
		t.Fatal(err)
	}
	c.Add("d/b.yaml", ByContent) // named as well: read once still
	in, errs := c.Inputs()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	names := func(s []Source) string {
		var out []string
		for _, src := range s {
			out = append(out, src.Name)
		}
		return strings.Join(out, " ")
	}
	if got, want := names(in.Kubernetes), "d/a.yml d/b.yaml"; got != want {
		t.Errorf("kubernetes: %q, want %q", got, want)
	}
	if got, want := names(in.Compose), "d/compose.yaml"; got != want {
		t.Errorf("compose: %q, want %q", got, want)
	}
	if got, want := names(in.Terraform), "d/infra/main.tf"; got != want {
		t.Errorf("terraform: %q, want %q", got, want)
	}
	if string(in.Kubernetes[1].Data) != apiDeployment {
		t.Errorf("d/b.yaml read as %q", in.Kubernetes[1].Data)
	}
	for _, name := range []string{"d/a.yml", "d/b.yaml", "d/compose.yaml", "d/infra/main.tf", "d/values.yaml"} {
		if n := fsys.opens[name]; n != 1 {
			t.Errorf("%s opened %d times, want once", name, n)
		}
	}
	for _, name := range []string{"d/testdata/fixture.yaml", "d/.terraform/mod/x.tf", "d/node_modules/pkg/k.yaml", "d/shop.nines.hcl"} {
		if n := fsys.opens[name]; n != 0 {
			t.Errorf("%s opened %d times, want never", name, n)
		}
	}
}

// TestCollectorErrors: a named YAML file that is neither manifests nor
// Compose, a file over the limit and files past the total are errors at
// the file, the total once; a walk leaves other YAML over the limit alone.
func TestCollectorErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"values.yaml":  {Data: []byte("replicas: 2\n")},
		"big.yaml":     {Data: []byte(apiDeployment + strings.Repeat("#\n", 100))},
		"w/big.yaml":   {Data: []byte("x: 1\n" + strings.Repeat("#\n", 100))},
		"w/a.yaml":     {Data: []byte(apiDeployment)},
		"w/b.yaml":     {Data: []byte(apiDeployment)},
		"w/c.yaml":     {Data: []byte(apiDeployment)},
		"missing.yaml": nil,
	}
	delete(fsys, "missing.yaml")
	c := &Collector{FS: fsys, MaxFileBytes: 150, MaxTotal: int64(len("replicas: 2\n") + 2*len(apiDeployment))} // values.yaml, read before it is judged, and two manifests
	c.Add("values.yaml", ByContent)
	c.Add("big.yaml", ByContent)
	c.Add("missing.yaml", ByContent)
	if err := c.Walk("w"); err != nil {
		t.Fatal(err)
	}
	in, errs := c.Inputs()
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		"big.yaml: file is 279 bytes, over the limit of 150 bytes for one topology file",
		"missing.yaml: cannot read topology file: open missing.yaml: file does not exist",
		"values.yaml:1:1: neither Kubernetes manifests (no document with a top-level apiVersion and kind) nor a Compose file (no top-level services): nines reads YAML as one of those only",
		"w/c.yaml: the topology files add up to more than 170 bytes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(in.Kubernetes) != 2 {
		t.Errorf("%d manifest files read, want 2 (w/a.yaml, w/b.yaml)", len(in.Kubernetes))
	}
}
