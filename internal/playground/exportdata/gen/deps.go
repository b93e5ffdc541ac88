package main

// The libraries whose export data the playground embeds. Importing them here
// keeps them in this module's go.mod (and out of nines's own).
import (
	_ "github.com/avast/retry-go/v4"
	_ "github.com/cenkalti/backoff/v4"
	_ "github.com/cenkalti/backoff/v5"
	_ "github.com/hashicorp/go-retryablehttp"
	_ "github.com/sethvargo/go-retry"
)
