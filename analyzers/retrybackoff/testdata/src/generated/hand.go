package generated

func call() error { return nil }

// The same loop written by hand is reported.

func retry() error {
	for { // want `retry loop does not wait between attempts`
		if err := call(); err == nil {
			return nil
		}
	}
}
