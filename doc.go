// Package leash runs concurrent work with the safe choice as the default.
package leash
