//go:build !linux

package main

// physicalMemory is 0 where this build does not ask the system: no limit is set.
func physicalMemory() int64 { return 0 }
