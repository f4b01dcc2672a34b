package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

// TestLimitMemory: half the machine's memory on Linux, none elsewhere, and GOMEMLIMIT's own when set.
func TestLimitMemory(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	t.Setenv("GOMEMLIMIT", "")
	debug.SetMemoryLimit(math.MaxInt64)
	limitMemory()
	got, total := debug.SetMemoryLimit(-1), physicalMemory()
	switch {
	case runtime.GOOS == "linux" && total < 1<<28:
		t.Errorf("physical memory %d bytes: not the machine's", total)
	case got != total/2 && total > 0, total == 0 && got != math.MaxInt64:
		t.Errorf("memory limit %d, want half of %d", got, total)
	}

	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(math.MaxInt64)
	limitMemory()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, the limit became %d", got)
	}
}
