package cli_test

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nines-dev/nines/internal/testsupport/sariftest"
)

// workflowStep is one step of a GitHub Actions job, as far as the test
// needs it: the command of a run step, the action and inputs of a uses step.
type workflowStep struct {
	run  string
	uses string
	with map[string]string
}

// readWorkflowSteps reads the steps of the one job of a workflow file.
// It understands the subset docs/workflows uses (block mappings, one-line
// values), and fails on a line it cannot place rather than skip it.
func readWorkflowSteps(t *testing.T, path string) []workflowStep {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var steps []workflowStep
	inSteps, inWith := false, false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if trimmed == "steps:" {
			inSteps = true
			continue
		}
		if !inSteps {
			continue
		}
		if rest, ok := strings.CutPrefix(trimmed, "- "); ok {
			steps = append(steps, workflowStep{with: map[string]string{}})
			trimmed, inWith = rest, false
		}
		require.NotEmpty(t, steps, "%s:%d: a line before the first step", path, n)
		step := &steps[len(steps)-1]
		key, value, ok := strings.Cut(trimmed, ":")
		require.True(t, ok, "%s:%d: not a key: value line: %q", path, n, line)
		value = strings.TrimSpace(value)
		switch {
		case key == "with" && value == "":
			inWith = true
		case inWith:
			step.with[key] = value
		case key == "run":
			step.run = value
		case key == "uses":
			step.uses = value
		}
	}
	require.NoError(t, sc.Err())
	return steps
}

// TestCodeScanningWorkflow runs the steps of docs/workflows/code-scanning.yml
// that run commands, in order, on a test repository (the install step builds
// nines from this checkout), and checks what the upload step is given: the
// SARIF file the nines step wrote, valid against the SARIF 2.1.0 schema,
// with one run per side of nines told apart by automationDetails.id, since
// code scanning rejects a log whose runs share a tool and a category.
func TestCodeScanningWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nines with make install")
	}
	steps := readWorkflowSteps(t, filepath.Join(repoRoot, "docs", "workflows", "code-scanning.yml"))

	repo := t.TempDir()
	for name, data := range map[string]string{
		".git/HEAD": "ref: refs/heads/main\n",
		"go.mod":    "module example.com/svc\n\ngo 1.26\n",
		"client.go": "package svc\n\nimport \"net/http\"\n\nfunc Get(u string) (*http.Response, error) { return http.Get(u) }\n",
	} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(repo, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(repo, name), []byte(data), 0o644))
	}
	shop, err := os.ReadFile(filepath.Join(repoRoot, "testdata/topology/naive-shop/shop.nines.hcl"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(repo, "shop.nines.hcl"), shop, 0o644))
	// The checkout of nines: a link to this repository, which the install
	// step removes (rm removes the link, never what it points to).
	require.NoError(t, os.Symlink(repoRoot, filepath.Join(repo, ".nines-src")))

	bin := t.TempDir()
	env := append(os.Environ(), "GOBIN="+bin, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GOWORK=off", "GOFLAGS=")
	var upload *workflowStep
	ran := 0
	for i := range steps {
		s := &steps[i]
		if strings.HasPrefix(s.uses, "github/codeql-action/upload-sarif@") {
			upload = s
		}
		if s.run == "" {
			continue
		}
		// GitHub runs a step's command with bash -e on ubuntu runners.
		cmd := exec.Command("bash", "-e", "-c", s.run)
		cmd.Dir, cmd.Env = repo, env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "step %q: %s", s.run, out)
		ran++
	}
	assert.Equal(t, 2, ran, "the install and nines steps")
	_, err = os.Lstat(filepath.Join(repo, ".nines-src"))
	assert.True(t, os.IsNotExist(err), "the install step removes the checkout of nines")
	_, err = os.Stat(filepath.Join(repoRoot, "go.mod"))
	require.NoError(t, err, "removing the checkout's link left this repository alone")

	require.NotNil(t, upload, "an upload-sarif step")
	assert.NotContains(t, upload.with, "category", "automationDetails.id tells the runs apart")
	data, err := os.ReadFile(filepath.Join(repo, upload.with["sarif_file"]))
	require.NoError(t, err, "the file the upload step is given")
	require.NoError(t, sariftest.Validate(data))
	var log struct {
		Runs []struct {
			Tool              struct{ Driver struct{ Name string } }
			AutomationDetails struct{ ID string }
			Results           []json.RawMessage
		}
	}
	require.NoError(t, json.Unmarshal(data, &log))
	require.Len(t, log.Runs, 2)
	seen := map[string]bool{}
	for _, r := range log.Runs {
		key := r.Tool.Driver.Name + " " + r.AutomationDetails.ID
		assert.False(t, seen[key], "two runs of %q", key)
		seen[key] = true
		assert.NotEmpty(t, r.AutomationDetails.ID)
		assert.NotEmpty(t, r.Results, "run %s finds the test repository's defects", r.AutomationDetails.ID)
	}
}
