package other_test

import "example.com/lib/shown"

// An example documents shown for its users: its import is a use.
func Example() {
	shown.Show()
}
