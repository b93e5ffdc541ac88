package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nines-dev/nines/internal/planeval"
	"github.com/nines-dev/nines/rules"
)

// PlanFile is the built-in rules and a fixed set of user policies compiled
// ahead of time to OPA's intermediate representation, the form that
// PlannedEvaluator evaluates without OPA (see plan.json, written by
// TestPlanCurrent with -update).
type PlanFile struct {
	// Sources are the user policies compiled into the plan, as
	// Options.Policies names them: Evaluate accepts exactly these or none.
	Sources []rules.Source `json:"sources"`
	// ReportAt is the file:line:col of the first report rule of each user
	// package nines.custom.<name>.
	ReportAt map[string]string `json:"report_at"`
	// Plan is the policy in OPA's plan format: one entry point per report
	// rule (nines/rules/<category>/<rule>/report, nines/custom/<name>/report).
	Plan json.RawMessage `json:"plan"`
}

// PlannedEvaluator returns an evaluator with Evaluate's signature and
// findings that runs the plan in data (a PlanFile in JSON) with package
// planeval instead of OPA. It evaluates the built-in rules and, when
// Options.Policies hold exactly the plan's sources, those; other user
// policies are an error, since they would need OPA's compiler.
func PlannedEvaluator(data []byte) (func(ctx context.Context, input any, opts Options) ([]Finding, error), error) {
	var pf PlanFile
	if err := json.Unmarshal(data, &pf); err != nil {
		return nil, fmt.Errorf("decoding the prepared policies: %w", err)
	}
	plan, err := planeval.Load(pf.Plan)
	if err != nil {
		return nil, fmt.Errorf("loading the prepared policies: %w", err)
	}
	var builtin, custom []string
	for _, e := range plan.Entrypoints() {
		switch {
		case strings.HasPrefix(e, "nines/rules/"):
			builtin = append(builtin, e)
		case strings.HasPrefix(e, "nines/custom/"):
			custom = append(custom, e)
		}
	}
	return func(ctx context.Context, input any, opts Options) ([]Finding, error) {
		ctx, cancel, timeout := withTimeLimit(ctx, opts)
		defer cancel()
		user, err := readPolicies(opts.Policies)
		if err != nil {
			return nil, err
		}
		entries := builtin
		if len(user) > 0 {
			if !slices.Equal(user, pf.Sources) {
				return nil, fmt.Errorf("%s:1:1: this build of nines evaluates only the built-in rules and the policies prepared with it: evaluate other policies with the full build", user[0].Path)
			}
			entries = slices.Concat(builtin, custom)
		}
		if err := checkConfig(opts.Config); err != nil {
			return nil, err
		}
		if sl, ok := input.(*Sliced); ok {
			input = sl.Whole()
		}
		doc, err := json.Marshal(input)
		if err != nil {
			return nil, fmt.Errorf("converting topology facts for the policies: %w", err)
		}
		in, err := planeval.FromJSON(doc)
		if err != nil {
			return nil, fmt.Errorf("converting topology facts for the policies: %w", err)
		}
		var data planeval.Value = planeval.NewObject()
		if opts.Config != nil {
			b, err := json.Marshal(map[string]any{"nines": map[string]any{"config": opts.Config}})
			if err != nil {
				return nil, fmt.Errorf("encoding the rule configuration: %w", err)
			}
			if data, err = planeval.FromJSON(b); err != nil {
				return nil, fmt.Errorf("encoding the rule configuration: %w", err)
			}
		}
		var results, customs []any
		for _, e := range entries {
			v, ok, err := plan.Eval(ctx, e, in, data)
			if errors.Is(err, context.DeadlineExceeded) {
				return nil, timeLimitError("evaluating", timeout, opts)
			}
			if err != nil {
				return nil, fmt.Errorf("evaluating policies: %w", err)
			}
			if !ok {
				continue
			}
			set, ok := v.(*planeval.Set)
			if !ok {
				return nil, fmt.Errorf("evaluating policies: %s is not a set", e)
			}
			for _, f := range set.Elems() {
				if name, isCustom := strings.CutPrefix(e, "nines/custom/"); isCustom {
					customs = append(customs, []any{strings.TrimSuffix(name, "/report"), planeval.ToGo(f)})
				} else {
					results = append(results, planeval.ToGo(f))
				}
			}
		}
		return collect([][]any{results}, [][]any{customs}, pf.ReportAt, opts)
	}, nil
}
