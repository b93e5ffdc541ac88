# A sample nines configuration: every block and attribute, with values
# other than the defaults. docs/configuration.md explains each one.

# Findings in these files are dropped, for every analyzer and rule.
exclude = ["gen/**", "**/*.pb.go"]

# Go analyzers: on or off, and their flags (a flag max-attempts is the
# attribute max_attempts).
analyzer "retrybound" {
  max_attempts = 4
}

analyzer "servertimeout" {
  httptest = true
}

analyzer "ctxdeadline" {
  enabled = false
}

analyzer "httpclienttimeout" {
  exclude = ["internal/legacy/**"]
}

# Topology rules: on or off, severity, excludes.
rule "retry/no-jitter" {
  severity = "error"
}

rule "resilience/no-fallback" {
  enabled = false
}

# Thresholds of the topology rules; max_retries also bounds Go retries
# (retrybound -max-attempts) unless the analyzer block sets it.
thresholds {
  max_retries         = 3
  amplification_limit = 8
  timeout_margin      = 1.5
}

# Where nines topo and nines check look when given no files.
topology {
  files    = ["deploy/**/*.nines.hcl"]
  policies = ["policies"]
}

exception {
  rule    = "spof/single-instance"
  subject = "billing-db"
  reason  = "the replica is ordered: OPS-1234, due in March"
}
