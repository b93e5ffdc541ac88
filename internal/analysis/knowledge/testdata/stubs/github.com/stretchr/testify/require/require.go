// Package require is a stub of github.com/stretchr/testify/require: its
// functions stop the test with t.FailNow when their assertion fails.
package require

type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

func Fail(t TestingT, failureMessage string, msgAndArgs ...any) { t.FailNow() }

func Failf(t TestingT, failureMessage string, msg string, args ...any) { t.FailNow() }

func FailNow(t TestingT, failureMessage string, msgAndArgs ...any) { t.FailNow() }

func NoError(t TestingT, err error, msgAndArgs ...any) {
	if err != nil {
		t.FailNow()
	}
}
