# make test runs every test: Go (analyzers, driver, topology, Rego through OPA's test runner)
# and the playground's browser end-to-end tests.
.PHONY: test go-test tools demo install playground playground-test

test: go-test playground-test
	go test -tags ninesplan ./topology/policy ./internal/planeval

# TOOLS are the development tools' packages, which go.mod's ignore directive
# leaves out of ./... (so that `go install ./...` installs nines alone).
TOOLS := $(sort $(patsubst %/,./%,$(dir $(wildcard scripts/*/*.go topology/cmd/*/*.go))))

go-test:
	go test ./... $(TOOLS)

# make tools prints the development tools' packages, for .ci/run.
tools:
	@echo $(TOOLS)

demo:
	go run . vet ./testdata/demo/...

# make install puts the nines command (only it) in $(go env GOPATH)/bin, or $GOBIN.
install:
	go install .

# make playground builds both WebAssembly workers and the site (site/dist) and
# serves it on http://127.0.0.1:8080/ (PORT=... to change).
playground:
	cd site && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && node build.mjs && node serve.mjs --port $${PORT:-8080}

# make playground-test builds the site and runs its browser tests in Debian's
# headless Chromium (apt-get install chromium); CI=true makes a missing one fail.
playground-test:
	site/test
