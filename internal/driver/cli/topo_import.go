package cli

import (
	"context"
	"strings"

	"github.com/nines-dev/nines/topology"
	"github.com/nines-dev/nines/topology/imports"
)

// topologyInputs splits the topology files into the HCL ones and those of
// other formats named (by the configuration or on the command line), and
// adds the files of other formats found below the directories among
// roots when walk is set (imports.Collector.Walk: Terraform files, Compose
// files by their name, rendered Kubernetes manifests by their content).
// Files listed for a reader (by the configuration's topology { kubernetes,
// compose, terraform }) are read by that reader whatever their names, and
// taken out of names. Each file of another format is read once, here: what
// a walk read to recognise manifests is what the reader parses. Files that
// cannot be read are positioned errors in readErrs.
func topologyInputs(fsys osFS, roots, names []string, listed map[imports.Reader][]string, walk bool) (hcl []string, in *imports.Inputs, readErrs topology.ErrorList, err error) {
	c := &imports.Collector{FS: fsys}
	taken := map[string]bool{}
	for _, r := range []imports.Reader{imports.ReadKubernetes, imports.ReadCompose, imports.ReadTerraform} {
		for _, n := range listed[r] {
			c.Add(n, r)
			taken[n] = true
		}
	}
	for _, n := range names {
		switch {
		case taken[n]:
		case strings.HasSuffix(strings.ToLower(n), ".json") && c.AddPlan(n):
		case imports.IsImported(n):
			c.Add(n, imports.ByContent)
		default:
			hcl = append(hcl, n)
		}
	}
	if walk {
		for _, root := range roots {
			if err := c.Walk(root); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	in, readErrs = c.Inputs()
	return hcl, in, readErrs, nil
}

// inputNames are the names of the files of other formats.
func inputNames(in *imports.Inputs) []string {
	var out []string
	for _, s := range [][]imports.Source{in.Kubernetes, in.Compose, in.Terraform} {
		for _, src := range s {
			out = append(out, src.Name)
		}
	}
	return out
}

// checkInputs checks the HCL files and the files of other formats as one
// topology (topology.Check when there are only HCL files).
func checkInputs(ctx context.Context, fsys osFS, hcl []string, in *imports.Inputs, readErrs topology.ErrorList, opts topology.Options) (*topology.Report, error) {
	if in.Len() == 0 && len(readErrs) == 0 {
		return topology.Check(ctx, fsys, hcl, opts)
	}
	imp, errs := in.Read()
	if errs = append(readErrs, errs...); len(errs) > 0 {
		return nil, errs
	}
	return topology.CheckImported(ctx, fsys, hcl, imp, opts)
}
