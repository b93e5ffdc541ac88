module github.com/nines-dev/nines/golangci

go 1.26.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	github.com/nines-dev/nines v0.0.0-00010101000000-000000000000
	github.com/stretchr/testify v1.12.1
	golang.org/x/tools v0.52.0
)

require go.yaml.in/yaml/v3 v3.0.6 // indirect

replace github.com/nines-dev/nines => ../
