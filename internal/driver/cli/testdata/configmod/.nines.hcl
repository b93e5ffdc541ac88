# The configuration TestVetConfig and TestVetToolConfig check.
exclude = ["gen/**"]

analyzer "dialtimeout" {
  enabled = false
}

analyzer "servertimeout" {
  httptest = true
}

thresholds {
  max_retries = 3
}
