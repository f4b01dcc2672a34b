package input

import (
	"fmt"
	"strings"
	"testing"
)

// limitsSpec is a valid workbook of n miners and k scenarios, as small as a row can be.
func limitsSpec(n, k int) string {
	var b strings.Builder
	b.WriteString("[Assumptions]\nAssumption | Value\nAs of date | 2026-06-30\n\n[Miners]\nTicker | Share price | Shares outstanding | Cash\n")
	for i := range n {
		fmt.Fprintf(&b, "M%d | 10 | 100 | 50\n", i+1)
	}
	b.WriteString("\n[Projects]\nTicker | Project | Status | IT MW\nM1 | P1 | Pipeline | 10\n\n[Scenarios]\nScenario | Equity\n")
	for i := range k {
		fmt.Fprintf(&b, "S%d | 1\n", i+1)
	}
	return b.String()
}

// TestReadSizeLimits holds the reader to SPEC §4's size limits, at each limit and one past it:
// one error, on the first row past the limit, that names the limit and says to split the workbook.
func TestReadSizeLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("reads workbooks of thousands of rows: skipped in -short mode")
	}
	for _, tc := range []struct {
		miners, scenarios int
		want              []string
	}{
		{5000, 1, nil},
		{5001, 1, []string{"big.xlsx:Miners!A5002: the workbook has 5,001 miners, above the limit of 5,000; split it into workbooks of at most 5,000 miners (this row is the first past the limit)"}},
		{1, 1000, nil},
		{1, 1001, []string{"big.xlsx:Scenarios!A1002: the workbook has 1,001 scenarios, above the limit of 1,000; split it into workbooks of at most 1,000 scenarios (this row is the first past the limit)"}},
		{500, 1000, nil},
		{501, 1000, []string{"big.xlsx:Scenarios!A1000: 501 miners × 1,000 scenarios make 501,000 miner-scenario cases, above the limit of 500,000; split the workbook so that miners × scenarios stays within 500,000 (with 501 miners, at most 998 scenarios; this row is the first past it)"}},
		{5001, 1001, []string{
			"big.xlsx:Miners!A5002: the workbook has 5,001 miners, above the limit of 5,000; split it into workbooks of at most 5,000 miners (this row is the first past the limit)",
			"big.xlsx:Scenarios!A1002: the workbook has 1,001 scenarios, above the limit of 1,000; split it into workbooks of at most 1,000 scenarios (this row is the first past the limit)",
		}},
	} {
		t.Run(fmt.Sprintf("%dx%d", tc.miners, tc.scenarios), func(t *testing.T) {
			b, err := ReadBytes("big.xlsx", bookBytes(t, limitsSpec(tc.miners, tc.scenarios)))
			if got := errorLines(err); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if err == nil && (len(b.Universe.Miners) != tc.miners || len(b.Universe.Scenarios) != tc.scenarios) {
				t.Errorf("read %d miners and %d scenarios, want %d and %d", len(b.Universe.Miners), len(b.Universe.Scenarios), tc.miners, tc.scenarios)
			}
		})
	}
}
