package report

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/internal/testkit"
	"minergap/model"
	"minergap/xlsx"
)

// TestTimelineExample holds the Timeline sheet of the §3a example (As of date 2026-06-30, so Q0 is
// 2026Q2) to the figures SPEC §3b works by hand, and the Summary, Scenarios and Checks cells that
// link to it.
func TestTimelineExample(t *testing.T) {
	b := bookOf(model.WorkedExample())
	f, err := excelize.OpenReader(bytes.NewReader(writeBook(t, b)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ow := newLayout(b, model.Run(b.Universe), Options{}) // the layout only
	near := func(k int) int { return ow.timelineScopeRow(0, model.NearTerm, k) }
	full := func(k int) int { return ow.timelineScopeRow(0, model.FullPipeline, k) }
	q := func(k int) int { return tlQ0 + k }
	half := ow.timelineScenarioRow(0, 0)
	for _, tc := range []struct {
		name, sheet, cell, want string // want as SPEC §3b rounds it
	}{
		{"Q0 label: the quarter of 2026-06-30", SheetTimeline, cellRef(q(0), tlHeaderRow), "2026Q2"},
		{"opening 300 + 1,000 × 60,000 / 1e6 × 0.8", SheetTimeline, cellRef(tlOpening, near(tlCashRow)), "348"},
		{"Q0 capex 900 / 4", SheetTimeline, cellRef(q(0), near(tlCapexLine)), "225"},
		{"Σ capex 225 × 4", SheetTimeline, cellRef(tlValue, near(tlCapexLine)), "900"},
		{"Q0 cash 348 + 10 + 100 + 50 − 225 − 5.5", SheetTimeline, cellRef(q(0), near(tlCashRow)), "277.5"},
		{"Q1 cash 277.5 + 10 + 50 − 225 − 5.5 − 0.9375", SheetTimeline, cellRef(q(1), near(tlCashRow)), "106.0625"},
		{"Q2 cash 106.0625 + 10 + 50 − 225 − 5.5 − 1.875", SheetTimeline, cellRef(q(2), near(tlCashRow)), "-66.3125"},
		{"Q3 cash −66.3125 + 10 + 50 − 225 − 5.5 − 2.8125", SheetTimeline, cellRef(q(3), near(tlCashRow)), "-239.625"},
		{"Q4 cash −239.625 + 10 + 40.375 − 5.5 − 7.151826", SheetTimeline, cellRef(q(4), near(tlCashRow)), "-201.901826"},
		{"Q3 need 50 + 239.625", SheetTimeline, cellRef(q(3), near(tlNeedRow)), "289.625"},
		{"near-term peak need 50 + 239.625", SheetTimeline, cellRef(tlValue, near(tlNeedRow)), "289.625"},
		{"runway: 2026Q3 and 2026Q2 hold 50; cash first below in 2026Q4", SheetTimeline, cellRef(tlValue, near(tlRunwayRow)), "2"},
		{"full-pipeline Q7 cash −520.205477 + 10 + 40.375 − 5.5 − 7.151826 − 131.25", SheetTimeline, cellRef(q(7), full(tlCashRow)), "-613.732302"},
		{"full-pipeline peak need 50 + 613.732302", SheetTimeline, cellRef(tlValue, full(tlNeedRow)), "663.732302"},
		{"Half project debt Q0 cash 348 + 151 + 10 + 100 + 87.75 − 225 − 5.5", SheetTimeline, cellRef(q(0), half), "466.25"},
		{"Half project debt Q3 cash", SheetTimeline, cellRef(q(3), half), "58.041454"},
		{"Half project debt lowest cash, in Q3", SheetTimeline, cellRef(tlValue, half), "58.041454"},
		{"Half project debt Σ capex 900", SheetTimeline, cellRef(tlCapex, half), "900"},
		{"universe need in 2027Q1: EX's alone", SheetTimeline, cellRef(q(3), tlUniverseRow), "289.625"},
		{"universe peak need", SheetTimeline, cellRef(tlValue, tlUniverseRow), "289.625"},
		{"Summary near-term peak need", SheetSummary, cellRef(ow.suPeakCol(model.NearTerm), suFirstRow), "289.625"},
		{"Summary full-pipeline peak need", SheetSummary, cellRef(ow.suPeakCol(model.FullPipeline), suFirstRow), "663.732302"},
		{"Summary total of the near-term peak needs", SheetSummary, cellRef(ow.suPeakCol(model.NearTerm), suTotalRow), "289.625"},
		{"EX's sheet near-term peak need", "EX", cellRef(positionCol(model.NearTerm, -1), msFirstRow+msPeakNeed), "289.625"},
		{"EX's sheet full-pipeline peak need", "EX", cellRef(positionCol(model.FullPipeline, -1), msFirstRow+msPeakNeed), "663.732302"},
		{"Scenarios minimum cash", model.TableScenarios, cellRef(scMinCash.col(), scFirstRow), "58.041454"},
		{"Scenarios trough coverage 10 / 10.479273", model.TableScenarios, cellRef(scTroughCoverage.col(), scFirstRow), "0.954265"},
		{"Scenarios FCF per diluted share over 2027Q2–2028Q1", model.TableScenarios, cellRef(scFCFPerShare.col(), scFirstRow), "1.121671"},
	} {
		if tc.want == "2026Q2" { // a quarter's label, not a number
			if v, _ := f.GetCellValue(tc.sheet, tc.cell); v != tc.want {
				t.Errorf("%s: %s!%s = %q, want %q", tc.name, tc.sheet, tc.cell, v, tc.want)
			}
			continue
		}
		storedNear(t, f, tc.name, tc.sheet, tc.cell, tc.want)
	}
	for _, tc := range []struct{ name, sheet, cell, want string }{
		{"near-term peak quarter: Q3", SheetTimeline, cellRef(tlQuarter, near(tlNeedRow)), "2027Q1"},
		{"near-term runway", SheetTimeline, cellRef(tlQuarter, near(tlRunwayRow)), "2026Q3"},
		{"full-pipeline peak quarter: Q7", SheetTimeline, cellRef(tlQuarter, full(tlNeedRow)), "2028Q1"},
		{"full-pipeline runway", SheetTimeline, cellRef(tlQuarter, full(tlRunwayRow)), "2026Q3"},
		{"Half project debt lowest cash quarter", SheetTimeline, cellRef(tlQuarter, half), "2027Q1"},
		{"universe peak quarter", SheetTimeline, cellRef(tlQuarter, tlUniverseRow), "2027Q1"},
		{"Summary near-term runway", SheetSummary, cellRef(ow.suRunwayCol(), suFirstRow), "2026Q3"},
		{"EX's sheet near-term runway", "EX", cellRef(positionCol(model.NearTerm, -1), msFirstRow+msRunway), "2026Q3"},
		{"EX's sheet full-pipeline runway", "EX", cellRef(positionCol(model.FullPipeline, -1), msFirstRow+msRunway), "2026Q3"},
		{"Scenarios minimum cash quarter", model.TableScenarios, cellRef(scMinCashQuarter.col(), scFirstRow), "2027Q1"},
		{"Scenarios trough quarter", model.TableScenarios, cellRef(scTroughQuarter.col(), scFirstRow), "2027Q1"},
		{"Scenarios: 58.04 ≥ 50, no timeline shortfall", model.TableScenarios, cellRef(scTimelineShortfall.col(), scFirstRow), ""},
		{"Checks: EX's timelines' capex", SheetChecks, "F" + itoa(timelineCheckRow(ow)), "pass"},
		{"master check", SheetChecks, "F" + itoa(ckMasterRow), "pass"},
	} {
		if v, _ := f.GetCellValue(tc.sheet, tc.cell); v != tc.want {
			t.Errorf("%s: %s!%s = %q, want %q", tc.name, tc.sheet, tc.cell, v, tc.want)
		}
	}
}

// TestTimelineChecksFail tampers with a result so that a timeline's capex no longer totals the
// remaining capex: its check must fail, stored and live.
func TestTimelineChecksFail(t *testing.T) {
	u := model.WorkedExample()
	r := model.Run(u)
	full := &r.Miners[0].Positions[model.FullPipeline]
	full.RemainingCapex = full.RemainingCapex.Sub(testkit.Dec("1"))
	f, err := excelize.OpenReader(bytes.NewReader(writeResult(t, bookOf(u), r)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ow := newLayout(bookOf(u), r, Options{})
	for _, tc := range []struct{ sheet, cell, want string }{
		{SheetTimeline, cellRef(tlCapexDiff, ow.timelineScopeRow(0, model.NearTerm, tlCapexLine)), "0"},     // 900 − 900
		{SheetTimeline, cellRef(tlCapexDiff, ow.timelineScopeRow(0, model.FullPipeline, tlCapexLine)), "1"}, // 1,425 − (1,425 − 1)
		{SheetTimeline, cellRef(tlCapexDiff, ow.timelineScenarioRow(0, 0)), "0"},                            // 900 − 900
		{SheetChecks, "D" + itoa(timelineCheckRow(ow)), "1"},                                                // the largest of 0, 1, 0
		{SheetChecks, "F" + itoa(timelineCheckRow(ow)), "fail"},
		{SheetChecks, "F" + itoa(ckMasterRow), "fail"},
	} {
		if got, _ := f.GetCellValue(tc.sheet, tc.cell, excelize.Options{RawCellValue: true}); got != tc.want {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.cell, got, tc.want)
		}
	}
}

// TestWriteNeedsTimelines: a result without timelines (model.Compute alone) is refused, not
// written with an empty Timeline sheet.
func TestWriteNeedsTimelines(t *testing.T) {
	u := model.WorkedExample()
	err := Write(io.Discard, bookOf(u), model.Compute(u), testOptions)
	if err == nil || !strings.Contains(err.Error(), "model.Run") {
		t.Errorf("Write of a result without timelines: err = %v, want one naming model.Run", err)
	}
}

// TestTimelineChartSaved finds the funding-need line chart in the saved zip, drawn on the Timeline
// sheet: added after the stream's Flush, excelize would drop it without an error.
func TestTimelineChartSaved(t *testing.T) {
	data := writeUniverse(t, model.WorkedExample())
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		for _, zf := range zr.File {
			if zf.Name == name {
				return string(testkit.ReadEntry(t, zf))
			}
		}
		return ""
	}
	sheet, ok := xlsx.Parts(zr)[SheetTimeline]
	if !ok {
		t.Fatal("no Timeline sheet part")
	}
	// Follow the sheet's <drawing> element (which a chart added after Flush lacks, though its
	// parts are saved) to its drawing, and the drawing to its chart.
	target := func(part, id string) string {
		dir, file := path.Split(part)
		rels := read(dir + "_rels/" + file + ".rels")
		m := regexp.MustCompile(`<Relationship [^>]*Id="` + id + `"[^>]*Target="([^"]+)"`).FindStringSubmatch(rels)
		if m == nil {
			m = regexp.MustCompile(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="` + id + `"`).FindStringSubmatch(rels)
		}
		if m == nil {
			t.Fatalf("%s has no relationship %s: %q", part, id, rels)
		}
		return path.Join(dir, m[1])
	}
	m := regexp.MustCompile(`<drawing [^>]*id="([^"]+)"`).FindStringSubmatch(read(sheet.File.Name))
	if m == nil {
		t.Fatal("the Timeline sheet has no <drawing> element: its chart was lost")
	}
	drawing := target(sheet.File.Name, m[1])
	charts := regexp.MustCompile(`<c:chart [^>]*r:id="([^"]+)"`).FindAllStringSubmatch(read(drawing), -1)
	values := "'Timeline'!$" + colName(tlQ0) + "$4:$" + colName(tlQ0+model.Horizon-1) + "$4"
	found := false
	for _, c := range charts {
		x := strings.ReplaceAll(read(target(drawing, c[1])), "&#39;", "'") // the XML escapes the quotes
		found = found || strings.Contains(x, "lineChart>") && strings.Contains(x, "<f>"+values+"</f>")
	}
	if !found {
		t.Errorf("no line chart of %s drawn on the Timeline sheet (%d charts in its drawing)", values, len(charts))
	}
}

// TestTimelineWithinLimits counts the Timeline's and the Checks' rows at the reader's limits
// (SPEC §4: 5,000 miners, 1,000 scenarios, miners × scenarios ≤ 500,000): both must stay within
// Excel's 1,048,576 rows. Timeline: 26 rows above the miners, then per miner a title, 2 × 15
// secured rows, a row per scenario and a blank row, so at most 26 + 5,000 × 32 + 500,000 =
// 660,026; Checks: 4 rows above, per miner 2 + 2 × scenarios (its scenarios alone for a miner
// without a sheet: above 1,000 miners, or past MaxMinerSheetCells) and one timeline check, so at
// most 4 + 1,000 × 3 + 2 × 500,000 = 1,003,004 (TestExtentsWithinLimits counts the
// Sensitivity's checks too).
func TestTimelineWithinLimits(t *testing.T) {
	const excelRows = 1048576
	for _, tc := range []struct{ miners, scenarios int }{{5000, 100}, {500, 1000}, {5000, 1}, {1000, 5}} {
		ow := limitsLayout(t, limitShape{miners: tc.miners, scenarios: tc.scenarios})
		timeline := ow.timelineTop(tc.miners) - 1
		if want := 26 + tc.miners*(32+tc.scenarios); timeline != want {
			t.Errorf("%d × %d: Timeline ends at row %d, want %d", tc.miners, tc.scenarios, timeline, want)
		}
		checks := ow.checkRow(tc.miners, 0) + tc.miners - 1
		if want := 4 + tc.miners + ow.sheets*(2+2*tc.scenarios) + (tc.miners-ow.sheets)*tc.scenarios; checks != want {
			t.Errorf("%d × %d: Checks ends at row %d, want %d", tc.miners, tc.scenarios, checks, want)
		}
		for what, rows := range map[string]int{"Timeline": timeline, "Checks": checks} {
			if rows > excelRows {
				t.Errorf("%d miners × %d scenarios: %s needs %d rows, more than Excel's %d", tc.miners, tc.scenarios, what, rows, excelRows)
			}
		}
	}
	if tlCols > 16384 {
		t.Errorf("Timeline has %d columns, more than Excel's 16,384", tlCols)
	}
}

// TestTimelineSecuredLines pins what the layout assumes of model.CashFlows.Lines: line tlCapexLine
// is the capex, and the lines from securedLines on (new money and the new financing's interest),
// which the secured rows leave out, are 0 in every secured case, so the cash rows' running sums
// over the rows written still give the model's cash.
func TestTimelineSecuredLines(t *testing.T) {
	u := edges()
	r := model.Run(u)
	for _, mr := range r.Miners {
		secured := model.SecuredOf(u, mr, u.Assumptions.TimelineParams())
		for _, scope := range model.Scopes {
			c := secured[scope].Flows
			lines := c.Lines()
			if lines[tlCapexLine].Line != &c.Capex {
				t.Fatalf("Lines()[%d] is %s, not the capex", tlCapexLine, lines[tlCapexLine].Name)
			}
			for _, l := range lines[securedLines:] {
				for k, v := range l.Line {
					if !v.IsZero() {
						t.Errorf("miner %d %s: secured line %s is %s in Q%d, want 0", mr.Index, scope, l.Name, v, k)
					}
				}
			}
		}
	}
}

// timelineCheckRow is the Checks row of the worked example's timeline check: after its miner's
// checks (2 scopes + 2 per scenario) and the Sensitivity sheet's 4 (two grid centres, the
// tornado's base gap and dilution).
func timelineCheckRow(ow *writer) int { return ow.checkRow(1, 0) + 4 }
