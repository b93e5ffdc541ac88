// Package version reports the version of nines.
package version

import "runtime/debug"

// Version is set at release time with -ldflags "-X"; otherwise the module
// version from the build info is used, and a build from a checkout (no
// release has been tagged yet) says "devel".
var Version = ""

// String returns the version of this build.
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
