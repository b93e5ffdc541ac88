//go:build !ninesplan

package policy

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// slicedQueries are the journey rules' query and the parts' query.
func slicedQueries() (journeys, parts string) {
	isJourney := func(id string) bool { return slices.Contains(JourneyRules, id) }
	return `findings := ` + findingsOf(isJourney), `findings := ` + findingsOf(func(id string) bool { return !isJourney(id) })
}

// customQuery collects the user policies' findings, each paired with the
// name of its package.
const customQuery = `findings := set(); custom := {[name, f] | some name; some f in data.nines.custom[name].report}`

// prepareSliced prepares the queries of a sliced evaluation with the
// compiler of p.
func (p *prepared) prepareSliced(ctx context.Context) error {
	p.slicedOnce.Do(func() {
		j, parts := slicedQueries()
		for _, q := range []string{j, parts, customQuery} {
			r := rego.New(append(p.regoOptions, rego.Query(q))...)
			pq, err := r.PrepareForEval(ctx)
			if err != nil {
				p.slicedErr = fmt.Errorf("preparing the policy query: %w", positioned(err))
				return
			}
			p.sliced = append(p.sliced, &pq)
		}
	})
	return p.slicedErr
}

// evalSliced evaluates the prepared queries over the documents of s, on
// every core, and returns the raw findings of the built-in rules and of
// the user policies.
func evalSliced(ctx context.Context, p *prepared, s *Sliced, custom bool) (found, customs []any, err error) {
	if err := p.prepareSliced(ctx); err != nil {
		return nil, nil, err
	}
	c := newConverter()
	shared, err := members(c, s.Shared)
	if err != nil {
		return nil, nil, err
	}
	type task struct {
		q   *rego.PreparedEvalQuery
		doc func() (ast.Value, error)
	}
	part := func(m map[string]any) func() (ast.Value, error) {
		return func() (ast.Value, error) {
			own, err := members(newConverter(), m)
			if err != nil {
				return nil, err
			}
			return ast.NewObject(append(slices.Clone(shared), own...)...), nil
		}
	}
	tasks := []task{{p.sliced[0], part(s.Journeys)}}
	for _, m := range s.Parts {
		tasks = append(tasks, task{p.sliced[1], part(m)})
	}
	if custom {
		tasks = append(tasks, task{p.sliced[2], func() (ast.Value, error) { return toValue(s.Whole()) }})
	}
	evalCtx, stop := context.WithCancel(ctx)
	defer stop()
	var mu sync.Mutex
	var errs []error
	next := make(chan task)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(tasks)) {
		wg.Go(func() {
			for t := range next {
				v, err := t.doc()
				var f, cu []any
				if err == nil {
					f, cu, err = eval(evalCtx, t.q, v)
				}
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
					stop()
				}
				found = append(found, f...)
				customs = append(customs, cu...)
				mu.Unlock()
			}
		})
	}
feed:
	for _, t := range tasks {
		select {
		case next <- t:
		case <-evalCtx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return found, customs, errors.Join(errs...)
}

// members converts the members of a document, sorted by key.
func members(c *converter, m map[string]any) ([][2]*ast.Term, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([][2]*ast.Term, 0, len(m))
	for _, k := range keys {
		t, err := c.convert(reflect.ValueOf(m[k]))
		if err != nil {
			return nil, fmt.Errorf("converting topology facts for the policies: %s: %w", k, err)
		}
		out = append(out, [2]*ast.Term{c.str(k), t})
	}
	return out, nil
}
