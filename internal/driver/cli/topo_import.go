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

// topologyInputs splits the topology files into the HCL ones and the YAML
// ones named (by the configuration or on the command line), and adds the
// Kubernetes manifests found below the directories among roots when walk
// is set: files ending in .yaml or .yml whose content has a top-level
// apiVersion and kind, skipping the directories Discover skips and
// unrendered templates (a file holding "{{"). The YAML names are sorted.
func topologyInputs(fsys osFS, roots, names []string, walk bool) (hcl, yaml []string, err error) {
	for _, n := range names {
		if isYAML(n) {
			yaml = append(yaml, n)
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
				if isYAML(p) && looksLikeManifests(fsys, p) {
					yaml = append(yaml, p)
				}
				return nil
			})
			if err != nil {
				return nil, nil, fmt.Errorf("finding Kubernetes manifests below %s: %w", root, err)
			}
		}
	}
	slices.Sort(yaml)
	return hcl, slices.Compact(yaml), nil
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

// checkInputs checks the HCL files and the YAML manifests as one
// topology (topology.Check when there is no YAML).
func checkInputs(ctx context.Context, fsys osFS, hcl, yaml []string, opts topology.Options) (*topology.Report, error) {
	if len(yaml) == 0 {
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
	var srcs []imports.Source
	var total int64
	for _, name := range yaml {
		where := topology.Pos{File: name}
		info, err := fs.Stat(fsys, name)
		if err != nil {
			errs = append(errs, &topology.Error{Pos: where, Message: fmt.Sprintf("cannot read manifest file: %v", err)})
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
			errs = append(errs, &topology.Error{Pos: where, Message: fmt.Sprintf("cannot read manifest file: %v", err)})
			continue
		}
		if !imports.IsKubernetes(data) {
			errs = append(errs, &topology.Error{Pos: topology.Pos{File: name, Line: 1, Column: 1},
				Message: "not Kubernetes manifests (no document with a top-level apiVersion and kind): nines reads YAML as Kubernetes manifests only"})
			continue
		}
		srcs = append(srcs, imports.Source{Name: name, Data: data})
	}
	imp, readErrs := imports.Kubernetes(srcs)
	if errs = append(errs, readErrs...); len(errs) > 0 {
		return nil, errs
	}
	return topology.CheckImported(ctx, fsys, hcl, imp, opts)
}
