package main

import (
	"os"
	"runtime/debug"
)

// limitMemory sets the Go runtime's soft memory limit to half the machine's memory (on Linux;
// elsewhere none is set), unless the GOMEMLIMIT environment variable sets one. Without a limit
// the collector lets the heap grow to twice what is live before it runs: at the reader's limits
// (500,000 cases, some 6 GB of results) a run reached 19 GB and could take the whole of an
// analyst's machine. Near the limit the collector runs more often instead; well under it, as
// most workbooks are, nothing changes.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	if total := physicalMemory(); total > 0 {
		debug.SetMemoryLimit(total / 2)
	}
}
