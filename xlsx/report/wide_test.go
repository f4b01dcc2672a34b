package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/internal/testkit"
	"minergap/model"
)

// TestColName holds every column's letters, A to XFD, to excelize's.
func TestColName(t *testing.T) {
	for col := 1; col <= maxCol; col++ {
		want, err := excelize.ColumnNumberToName(col)
		if err != nil {
			t.Fatal(err)
		}
		if got := colName(col); got != want {
			t.Fatalf("colName(%d) = %q, want %q", col, got, want)
		}
	}
}

// TestWriteThousandScenarios writes the Summary's widest case within the size limits (SPEC §4):
// 1,000 scenarios give it a dilution column each, past column ALL, far beyond the 200 letters a
// table once held.
func TestWriteThousandScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a thousand scenarios: skipped in -short mode")
	}
	u := model.WorkedExample()
	u.Scenarios = nil
	for i := range 1000 {
		u.Scenarios = append(u.Scenarios, model.Scenario{Name: "Case " + strconv.Itoa(i+1),
			Equity: testkit.Dec("0.5"), ProjectDebt: testkit.Dec("0.5")})
	}
	f, err := excelize.OpenReader(bytes.NewReader(writeUniverse(t, u)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		for c, v := range row {
			found = found || c >= 1000 && strings.HasPrefix(v, "Case 1000: dilution")
		}
	}
	if !found {
		t.Errorf("Summary has no column for the 1,000th scenario's dilution")
	}
}
