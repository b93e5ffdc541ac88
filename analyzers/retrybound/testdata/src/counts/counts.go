// Package counts: the number of attempts a message names is the number the
// loop makes (issue 10, class 6).
package counts

import "time"

func call() error { return nil }

func fromZeroInclusive() error {
	var err error
	for attempt := 0; attempt <= 10; attempt++ { // want `retry loop makes up to 11 attempts, more than 5`
		if err = call(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	return err
}

func fromOneInclusive() error {
	var err error
	for attempt := 1; attempt <= 10; attempt++ { // want `retry loop makes up to 10 attempts, more than 5`
		if err = call(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	return err
}

func fromZeroExclusive() error {
	var err error
	for attempt := 0; attempt < 10; attempt++ { // want `retry loop makes up to 10 attempts, more than 5`
		if err = call(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	return err
}

func withinCap() error {
	var err error
	for attempt := 0; attempt <= 4; attempt++ { // five attempts: within the cap
		if err = call(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	return err
}

// The counter is set before the loop, not in an init statement.

func fromOneBefore() error {
	try := 1
	for try <= 5 { // five attempts: within the cap
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
		try++
	}
	return nil
}

func fromOneBeforeOver() error {
	var try = 1
	for try <= 7 { // want `retry loop makes up to 7 attempts, more than 5`
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
		try++
	}
	return nil
}

func changedBetween(skip int) error {
	try := 1
	try += skip
	for try <= 5 { // want `retry loop makes up to 6 attempts, more than 5`
		if err := call(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
		try++
	}
	return nil
}
