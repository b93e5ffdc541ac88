# The analyzer block wins over thresholds: four attempts are fine here.
analyzer "retrybound" {
  max_attempts = 4
}

thresholds {
  max_retries = 2
}
