package loops

import "time"

// Positive: a label and a backward goto on failure are a loop; the retry is
// reported at the label.
func gotoRetry(connecting func() bool) error {
	attempts := 0
retry: // want "retry loop retry"
	err := call() // want "attempt call"
	if err != nil {
		attempts++
		time.Sleep(time.Second)
		if connecting() {
			goto retry
		}
		return err
	}
	return nil
}

// Positive: the goto is in a nested block, and the region ends at the
// statement that holds it.
func gotoNested() {
again: // want "retry loop again"
	if _, err := fetch(); err != nil { // want "attempt fetch"
		time.Sleep(time.Second)
		goto again
	}
	handle(1)
}

// Negative: a forward goto (to cleanup) is not a loop.
func gotoForward() error {
	if err := call(); err != nil {
		goto done
	}
	handle(1)
done:
	return nil
}

// Negative: the goto repeats the step after success (a read loop by goto),
// not after failure.
func gotoReadMore() error {
more:
	n, err := next()
	if err != nil {
		return err
	}
	handle(n)
	if n > 0 {
		goto more
	}
	return nil
}

// Negative: the label is a loop's; goto is not a retry here, and the loop
// itself is not one either (it walks items).
func gotoLoopLabel(items []int) {
outer:
	for _, it := range items {
		handle(it)
		if it < 0 {
			continue outer
		}
	}
}

// Negative: inside a for loop, the unlabelled continue belongs to the for,
// and the goto region goes around only on success.
func gotoInsideFor(items []int) {
	for _, it := range items {
	step:
		if err := call(); err != nil {
			continue
		}
		handle(it)
		if it > 10 {
			it--
			goto step
		}
	}
}

// Positive: the same retry written with for: the failure path goes around
// when a condition allows it, and gives up otherwise.
func forEquivalent(connecting func() bool) error {
	attempts := 0
	for { // want "retry loop"
		err := call() // want "attempt call"
		if err != nil {
			attempts++
			time.Sleep(time.Second)
			if connecting() {
				continue
			}
			return err
		}
		return nil
	}
}

// Negative: falling back to another protocol version once, by goto, is a
// different attempt, not a repeat of the same one.
func gotoFallback(connect func(version int) error) error {
	version := 4
again:
	err := connect(version)
	if err != nil {
		if version == 4 {
			version = 3
			goto again
		}
		return err
	}
	return nil
}

// Negative: the same fallback in a for loop.
func forFallback(connect func(version int) error) error {
	version := 4
	for {
		err := connect(version)
		if err != nil && version == 4 {
			version = 3
			continue
		}
		return err
	}
}

// Negative: the same fallback, the variable written in parentheses.
func forFallbackParens(connect func(version int) error) error {
	version := 4
	for {
		err := connect(version)
		if err != nil && version == 4 {
			(version) = 3
			continue
		}
		return err
	}
}
