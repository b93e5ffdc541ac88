package imports

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/nines-dev/nines/topology"
)

// Reader names one of the readers of other formats.
type Reader int

// The readers. ByContent lets a file's name and content choose.
const (
	ByContent Reader = iota
	ReadKubernetes
	ReadCompose
	ReadTerraform
)

func (r Reader) String() string {
	return [...]string{"by content", "kubernetes", "compose", "terraform"}[r]
}

// IsYAML reports whether a file name is YAML by its extension.
func IsYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// IsImported reports whether a file named on the command line is read by
// one of the readers (YAML: Kubernetes or Compose; Terraform) rather than
// as a topology file.
func IsImported(name string) bool { return IsYAML(name) || IsTerraform(name) }

// Inputs are the files of other formats, read, sorted by name for each
// reader.
type Inputs struct {
	Kubernetes, Compose, Terraform []Source
}

// Len is the number of files.
func (in *Inputs) Len() int { return len(in.Kubernetes) + len(in.Compose) + len(in.Terraform) }

// Read runs each reader over its files and gathers what they produced.
func (in *Inputs) Read() (*topology.Imported, topology.ErrorList) {
	imp := &topology.Imported{}
	var errs topology.ErrorList
	for _, r := range []struct {
		read func([]Source) (*topology.Imported, topology.ErrorList)
		srcs []Source
	}{{Kubernetes, in.Kubernetes}, {Compose, in.Compose}, {Terraform, in.Terraform}} {
		if len(r.srcs) == 0 {
			continue
		}
		got, readErrs := r.read(r.srcs)
		errs = append(errs, readErrs...)
		imp.Files = append(imp.Files, got.Files...)
		imp.Routes = append(imp.Routes, got.Routes...)
	}
	return imp, errs
}

// A Collector finds and reads the files of other formats, each once: a
// directory walk that looks into a YAML file to tell manifests from other
// YAML keeps the bytes it read for the reader. Files over MaxFileBytes,
// or past MaxTotal bytes in all, are errors at the file and are not read
// (only their first MiB, to tell whether a walk takes them).
type Collector struct {
	FS                     fs.FS
	MaxFileBytes, MaxTotal int64

	total int64
	over  bool
	seen  map[string]bool
	in    Inputs
	errs  topology.ErrorList
}

// sniffBytes is how much of a file too large to read a walk looks at.
const sniffBytes = 1 << 20

// Add reads a file named (on the command line or by the configuration)
// for reader r; ByContent chooses by its name (Terraform, Compose names)
// and else its content, and a YAML file that is neither Kubernetes
// manifests nor a Compose file is an error at its first line.
func (c *Collector) Add(name string, r Reader) {
	name = path.Clean(name)
	if c.seen[name] {
		return
	}
	data, ok := c.read(name, false)
	if !ok {
		return
	}
	if r == ByContent {
		r = classify(name, data)
	}
	if r == ByContent {
		c.errs = append(c.errs, &topology.Error{Pos: topology.Pos{File: name, Line: 1, Column: 1},
			Message: "neither Kubernetes manifests (no document with a top-level apiVersion and kind) nor a Compose file (no top-level services): nines reads YAML as one of those only"})
		return
	}
	c.put(name, data, r)
}

// AddPlan reads a JSON file named on the command line for the Terraform
// reader when it is the JSON of terraform show -json (IsTerraformPlan on
// its start), and reports whether it was; other JSON is left to the
// topology loader, which reads HCL's JSON syntax.
func (c *Collector) AddPlan(name string) bool {
	head, ok := c.head(path.Clean(name))
	if !ok || !IsTerraformPlan(head) {
		return false
	}
	c.Add(name, ReadTerraform)
	return true
}

// classify is the reader of a file by its name, else its content;
// ByContent when it is neither.
func classify(name string, data []byte) Reader {
	switch {
	case IsTerraform(name):
		return ReadTerraform
	case IsComposeName(name):
		return ReadCompose
	case IsKubernetes(data):
		return ReadKubernetes
	case IsCompose(data):
		return ReadCompose
	}
	return ByContent
}

// Walk adds the files of other formats below the directory root: every
// Terraform file (*.tf), every Compose file by its name (compose.yaml,
// docker-compose.yml…) and every YAML file whose content has a top-level
// apiVersion and kind and no "{{" (an unrendered Helm template). Below
// root it skips the directories topology.Discover skips (testdata,
// vendor, node_modules, and names starting with "." or "_", so
// .terraform). A root that is not a directory is left alone.
func (c *Collector) Walk(root string) error {
	root = path.Clean(root)
	info, err := fs.Stat(c.FS, root)
	if err != nil || !info.IsDir() {
		return nil // a file is named on its own; a missing root was reported by Discover
	}
	err = fs.WalkDir(c.FS, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (slices.Contains([]string{"testdata", "vendor", "node_modules"}, d.Name()) ||
				strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return fs.SkipDir
			}
			return nil
		}
		if c.seen[p] {
			return nil
		}
		switch {
		case IsTerraform(p):
			c.Add(p, ReadTerraform)
		case IsComposeName(p):
			c.Add(p, ReadCompose)
		case IsYAML(p):
			if data, ok := c.read(p, true); ok {
				if IsKubernetes(data) && !bytes.Contains(data, []byte("{{")) {
					c.put(p, data, ReadKubernetes)
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finding Kubernetes, Compose and Terraform files below %s: %w", root, err)
	}
	return nil
}

// read reads a file within the limits. With sniff (a walk deciding
// whether to take it), a file over a limit is read only in part and
// returned, and taken as an error only when put; otherwise it is an
// error at once.
func (c *Collector) read(name string, sniff bool) ([]byte, bool) {
	where := topology.Pos{File: name}
	info, err := fs.Stat(c.FS, name)
	if err != nil {
		c.fail(name, where, fmt.Sprintf("cannot read topology file: %v", err))
		return nil, false
	}
	limit := cmp.Or(c.MaxFileBytes, topology.DefaultLimits.MaxFileBytes)
	var msg string
	switch {
	case info.Size() > limit:
		msg = fmt.Sprintf("file is %d bytes, over the limit of %d bytes for one topology file", info.Size(), limit)
	case c.over || c.total+info.Size() > cmp.Or(c.MaxTotal, topology.DefaultLimits.MaxTotal):
		msg = fmt.Sprintf("the topology files add up to more than %d bytes", cmp.Or(c.MaxTotal, topology.DefaultLimits.MaxTotal))
	}
	if msg != "" {
		if !sniff {
			c.fail(name, where, msg)
			return nil, false
		}
		head, ok := c.head(name)
		if ok && IsKubernetes(head) && !bytes.Contains(head, []byte("{{")) {
			c.fail(name, where, msg)
		}
		return nil, false
	}
	data, err := fs.ReadFile(c.FS, name)
	if err != nil {
		c.fail(name, where, fmt.Sprintf("cannot read topology file: %v", err))
		return nil, false
	}
	if sniff && !IsKubernetes(data) {
		return data, true // not counted: the walk leaves it
	}
	c.total += int64(len(data))
	return data, true
}

func (c *Collector) head(name string) ([]byte, bool) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	head, err := io.ReadAll(io.LimitReader(f, sniffBytes))
	return head, err == nil
}

// fail records an error about a file. The first error over the total
// stops every later read (one error says it).
func (c *Collector) fail(name string, where topology.Pos, msg string) {
	c.mark(name)
	if strings.HasPrefix(msg, "the topology files add up") {
		if c.over {
			return
		}
		c.over = true
	}
	c.errs = append(c.errs, &topology.Error{Pos: where, Message: msg})
}

func (c *Collector) mark(name string) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	c.seen[name] = true
}

func (c *Collector) put(name string, data []byte, r Reader) {
	c.mark(name)
	src := Source{Name: name, Data: data}
	switch r {
	case ReadKubernetes:
		c.in.Kubernetes = append(c.in.Kubernetes, src)
	case ReadCompose:
		c.in.Compose = append(c.in.Compose, src)
	case ReadTerraform:
		c.in.Terraform = append(c.in.Terraform, src)
	}
}

// Inputs returns the files read, sorted by name for each reader, and the
// errors of those that could not be.
func (c *Collector) Inputs() (*Inputs, topology.ErrorList) {
	byName := func(a, b Source) int { return cmp.Compare(a.Name, b.Name) }
	for _, s := range [][]Source{c.in.Kubernetes, c.in.Compose, c.in.Terraform} {
		slices.SortFunc(s, byName)
	}
	slices.SortStableFunc(c.errs, func(a, b *topology.Error) int { return cmp.Compare(a.Pos.File, b.Pos.File) })
	return &c.in, c.errs
}
