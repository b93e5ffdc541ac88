package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitBlocksReplicasOne runs the real pre-commit tool with this
// repository's nines-topo hook (.pre-commit-hooks.yaml, at the commit
// checked out) in a repository holding a Kubernetes Deployment and an
// overlay: the commit that sets replicas to 1 is refused, with the finding
// at the replicas line, and the one that keeps 2 goes through (issue 14).
// pre-commit builds the hook from the commit, so uncommitted changes to
// this repository are not what it runs; CI runs it on a clean clone.
func TestPreCommitBlocksReplicasOne(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nines through pre-commit")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pre-commit is not installed; .ci/run installs it from Debian's packages")
		}
		t.Skip("pre-commit is not installed (CI installs it)")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	rev := strings.TrimSpace(gitOut(t, root, nil, "rev-parse", "HEAD"))

	dir := writeRepo(t, map[string]string{
		"deploy/api.yaml":       fmt.Sprintf(apiDeployment, 2),
		"deploy/shop.nines.hcl": apiOverlay,
		"README.md":             "a shop\n",
		".pre-commit-config.yaml": fmt.Sprintf("repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: nines-topo\n",
			root, rev),
	})
	// pre-commit's cache and the hook's Go environment live in the test's
	// directory; the module and build caches are shared, so the build
	// downloads nothing.
	modcache := strings.TrimSpace(goEnv(t, "GOMODCACHE"))
	env := append(os.Environ(), "PRE_COMMIT_HOME="+filepath.Join(t.TempDir(), "pre-commit"), "GOMODCACHE="+modcache)
	for _, args := range [][]string{
		{"init", "-q"},
		{"config", "user.email", "test@example.com"},
		{"config", "user.name", "test"},
		{"add", "-A"},
		{"commit", "-q", "-m", "two replicas"},
	} {
		gitOut(t, dir, env, args...)
	}
	pc := exec.Command("pre-commit", "install")
	pc.Dir, pc.Env = dir, env
	if out, err := pc.CombinedOutput(); err != nil {
		t.Fatalf("pre-commit install: %v\n%s", err, out)
	}

	// A change that does not touch a file the hook reads does not run it.
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("a shop, two replicas\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitOut(t, dir, env, "add", "README.md")
	if out, err := gitCommit(dir, env, "docs"); err != nil {
		t.Fatalf("a README change was refused: %v\n%s", err, out)
	}

	if err := os.WriteFile(filepath.Join(dir, "deploy/api.yaml"), []byte(fmt.Sprintf(apiDeployment, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	gitOut(t, dir, env, "add", "deploy/api.yaml")
	out, err := gitCommit(dir, env, "one replica")
	if err == nil {
		t.Fatalf("the commit setting replicas: 1 went through:\n%s", out)
	}
	if want := `deploy/api.yaml:6:3: error: service "api" runs a single instance`; !strings.Contains(out, want) {
		t.Errorf("the refused commit does not say %q:\n%s", want, out)
	}
	if log := gitOut(t, dir, env, "log", "--format=%s"); strings.Contains(log, "one replica") {
		t.Errorf("the commit is in the history:\n%s", log)
	}

	if err := os.WriteFile(filepath.Join(dir, "deploy/api.yaml"), []byte(fmt.Sprintf(apiDeployment, 3)), 0o644); err != nil {
		t.Fatal(err)
	}
	gitOut(t, dir, env, "add", "deploy/api.yaml")
	if out, err := gitCommit(dir, env, "three replicas"); err != nil {
		t.Fatalf("the commit setting replicas: 3 was refused: %v\n%s", err, out)
	}
}

func gitCommit(dir string, env []string, msg string) (string, error) {
	cmd := exec.Command("git", "commit", "-m", msg)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func gitOut(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = env
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return string(out)
}
