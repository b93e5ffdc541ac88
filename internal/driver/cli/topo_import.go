package cli

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/imports"
)

// isYAML reports whether a file name is YAML by its extension.
func isYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// isImported reports whether a named topology file is read by one of the
// readers of other formats (YAML: Kubernetes or Compose; Terraform)
// rather than as HCL.
func isImported(name string) bool {
	return isYAML(name) || imports.IsTerraform(name)
}

// topologyInputs splits the topology files into the HCL ones and those of
// other formats named (by the configuration or on the command line), and
// adds the files of other formats found below the directories among
// roots when walk is set, skipping the directories Discover skips (and
// so .terraform): Terraform files (*.tf), Compose files by their name
// (compose.yaml, docker-compose.yml…), and Kubernetes manifests (files
// ending in .yaml or .yml whose content has a top-level apiVersion and
// kind, skipping unrendered templates: a file holding "{{"). The other
// names are sorted.
func topologyInputs(fsys osFS, roots, names []string, walk bool) (hcl, other []string, err error) {
	for _, n := range names {
		if isImported(n) {
			other = append(other, n)
		} else {
			hcl = append(hcl, n)
		}
	}
	if walk {
		for _, root := range roots {
			root = path.Clean(root)
			info, err := fs.Stat(fsys, root)
			if err != nil || !info.IsDir() {
				continue // a file is in names already; a missing root was reported by Discover
			}
			err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
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
				if imports.IsTerraform(p) || imports.IsComposeName(p) || isYAML(p) && looksLikeManifests(fsys, p) {
					other = append(other, p)
				}
				return nil
			})
			if err != nil {
				return nil, nil, fmt.Errorf("finding Kubernetes, Compose and Terraform files below %s: %w", root, err)
			}
		}
	}
	slices.Sort(other)
	return hcl, slices.Compact(other), nil
}

// looksLikeManifests reads the start of a file found by a directory walk:
// Kubernetes manifests, rendered (a Helm chart's templates are not).
func looksLikeManifests(fsys osFS, name string) bool {
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	head, _ := io.ReadAll(io.LimitReader(f, 1<<20))
	return imports.IsKubernetes(head) && !strings.Contains(string(head), "{{")
}

// checkInputs checks the HCL files and the files of other formats as one
// topology (topology.Check when there are only HCL files).
func checkInputs(ctx context.Context, fsys osFS, hcl, other []string, opts topology.Options) (*topology.Report, error) {
	if len(other) == 0 {
		return topology.Check(ctx, fsys, hcl, opts)
	}
	lim := opts.Limits
	if lim.MaxFileBytes <= 0 {
		lim.MaxFileBytes = topology.DefaultLimits.MaxFileBytes
	}
	if lim.MaxTotal <= 0 {
		lim.MaxTotal = topology.DefaultLimits.MaxTotal
	}
	var errs topology.ErrorList
	var k8s, compose, terraform []imports.Source
	var total int64
	for _, name := range other {
		where := topology.Pos{File: name}
		info, err := fs.Stat(fsys, name)
		if err != nil {
			errs = append(errs, &topology.Error{Pos: where, Message: fmt.Sprintf("cannot read topology file: %v", err)})
			continue
		}
		if info.Size() > lim.MaxFileBytes {
			errs = append(errs, &topology.Error{Pos: where, Message: fmt.Sprintf("file is %d bytes, over the limit of %d bytes for one topology file", info.Size(), lim.MaxFileBytes)})
			continue
		}
		if total += info.Size(); total > lim.MaxTotal {
			errs = append(errs, &topology.Error{Pos: where, Message: fmt.Sprintf("the topology files add up to more than %d bytes", lim.MaxTotal)})
			break
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, &topology.Error{Pos: where, Message: fmt.Sprintf("cannot read topology file: %v", err)})
			continue
		}
		src := imports.Source{Name: name, Data: data}
		// Terraform and Compose files by their name, other YAML by its
		// content.
		switch {
		case imports.IsTerraform(name):
			terraform = append(terraform, src)
		case imports.IsComposeName(name):
			compose = append(compose, src)
		case imports.IsKubernetes(data):
			k8s = append(k8s, src)
		case imports.IsCompose(data):
			compose = append(compose, src)
		default:
			errs = append(errs, &topology.Error{Pos: topology.Pos{File: name, Line: 1, Column: 1},
				Message: "neither Kubernetes manifests (no document with a top-level apiVersion and kind) nor a Compose file (no top-level services): nines reads YAML as one of those only"})
		}
	}
	imp := &topology.Imported{}
	for _, r := range []struct {
		read func([]imports.Source) (*topology.Imported, topology.ErrorList)
		srcs []imports.Source
	}{{imports.Kubernetes, k8s}, {imports.Compose, compose}, {imports.Terraform, terraform}} {
		if len(r.srcs) == 0 {
			continue
		}
		got, readErrs := r.read(r.srcs)
		errs = append(errs, readErrs...)
		imp.Files = append(imp.Files, got.Files...)
		imp.Routes = append(imp.Routes, got.Routes...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return topology.CheckImported(ctx, fsys, hcl, imp, opts)
}
