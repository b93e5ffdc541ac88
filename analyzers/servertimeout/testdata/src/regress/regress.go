// Package regress holds cases that once went wrong.
package regress
