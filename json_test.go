package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// checkWorkedExampleJSON checks one workbook element of the JSON summary against SPEC §3a, value by
// value. Each want is the figure §3a gives, compared at the decimal places it is given to.
func checkWorkedExampleJSON(t *testing.T, wb map[string]any) {
	t.Helper()
	miners := wb["miners"].([]any)
	if len(miners) != 1 {
		t.Fatalf("%d miners, want 1", len(miners))
	}
	m := miners[0].(map[string]any)
	if m["ticker"] != "EX" {
		t.Errorf("ticker = %v, want EX", m["ticker"])
	}
	scope := m["scope"].(map[string]any)
	want := map[string]map[string]string{
		// near term: uses 900 + 0 + 50 = 950; sources 300 + 1,000 × 60,000 / 1e6 × 0.8 + 100 + 200 = 648.
		// v2: BTC value 1,000 × 60,000 / 1e6 × 0.8 = 48, gap before committed financing
		// 950 − 300 − 48 = 602; P1 alone: 100 MW, shell 100 × 10 = 1,000, no GPU cloud
		"near_term": {"uses_usd_m": "950", "sources_usd_m": "648", "gap_usd_m": "302", "surplus_usd_m": "0",
			"gross_gap_usd_m": "602", "it_mw": "100", "build_cost_shell_usd_m": "1000", "build_cost_gpu_usd_m": "0"},
		// full pipeline adds P2: 50 MW × 10.5 = 525 of capex; uses 1,475, gap 1,475 − 648 = 827.
		// v2: 1,475 − 300 − 48 = 1,127; 100 + 50 = 150 MW; shell 1,000 + 525 = 1,525; GPU 0
		"full_pipeline": {"uses_usd_m": "1475", "sources_usd_m": "648", "gap_usd_m": "827", "surplus_usd_m": "0",
			"gross_gap_usd_m": "1127", "it_mw": "150", "build_cost_shell_usd_m": "1525", "build_cost_gpu_usd_m": "0"},
	}
	for key, fields := range want {
		pos, ok := scope[key].(map[string]any)
		if !ok {
			t.Errorf("scope.%s missing", key)
			continue
		}
		for f, w := range fields {
			checkNumber(t, key+"."+f, pos[f], w)
		}
	}
	scenarios := m["scenarios"].([]any)
	if len(scenarios) != 1 {
		t.Fatalf("%d scenarios, want 1", len(scenarios))
	}
	s := scenarios[0].(map[string]any)
	if s["name"] != "Half project debt" || s["scope"] != "near_term" {
		t.Errorf("scenario %v / %v, want Half project debt / near_term", s["name"], s["scope"])
	}
	for f, w := range map[string]string{
		"gap_usd_m":                   "302",
		"project_debt_usd_m":          "151", // min(0.5 × 302, 600 × 0.98)
		"equity_usd_m":                "151", // 0.5 × 302, no spill
		"convertible_usd_m":           "0",
		"corporate_debt_usd_m":        "0",
		"new_shares_m":                "7.942352", // 151 / 0.98 / (20 × 0.97)
		"new_conversion_shares_m":     "0",
		"dilution_basic":              "0.073580",  // 7.942352 / 107.942352
		"dilution_diluted":            "0.067057",  // 7.942352 / (107.942352 + 200/25 + 10 × 5/20)
		"dilution_economic":           "0.071914",  // 7.942352 / (107.942352 + 200/25 × max(0, 20 − 25)/20 + 10 × 5/20)
		"pf_net_debt_usd_m":           "704.0816",  // 400 + 200 + 151/0.98 − 50
		"pf_ebitda_usd_m":             "201.5",     // 40 + 161.5
		"net_leverage":                "3.494202",  // 704.0816 / 201.5
		"pf_interest_usd_m":           "48.556122", // 22 + 200 × 0.075 + 154.0816 × 0.075
		"interest_coverage":           "4.149837",  // 201.5 / 48.556122
		"cash_flow_per_diluted_share": "1.325066",  // (201.5 − 48.556122 + 200 × 0.02) / 118.442352
	} {
		checkNumber(t, f, s[f], w)
	}
	if flags, ok := s["flags"].([]any); !ok || len(flags) != 0 {
		t.Errorf("flags = %v, want []", s["flags"])
	}
	checkWorkedExampleTimelineJSON(t, scope, s)
	// the four tranches are net amounts summing exactly to the gap
	sum := decimal.Zero
	for _, f := range []string{"equity_usd_m", "convertible_usd_m", "corporate_debt_usd_m", "project_debt_usd_m"} {
		if n, ok := s[f].(json.Number); ok {
			sum = sum.Add(dec(n.String()))
		}
	}
	if gap, ok := s["gap_usd_m"].(json.Number); !ok || !sum.Equal(dec(gap.String())) {
		t.Errorf("tranches sum to %s, gap is %v", sum, s["gap_usd_m"])
	}
	checkWorkedExampleSensitivityJSON(t, m, s)
}

// checkWorkedExampleSensitivityJSON checks SPEC §3c's figures of the worked example in the JSON:
// the two solves of its scenario and the miner's sensitivity, worked by hand from §3a.
func checkWorkedExampleSensitivityJSON(t *testing.T, m, s map[string]any) {
	t.Helper()
	// 15% basic dilution: N / (100 + N) = 0.15, N = 17.647059 new shares for the unchanged EQ
	// gross 154.0816; issue price 154.0816 / 17.647059 = 8.731293 = P × 0.97, P = 9.001333.
	checkNumber(t, "share_price_for_target_dilution", s["share_price_for_target_dilution"], "9.0013324918")
	// Gap 0 when 1,000 × (1 + d) − 100 + 50 = 648: d = −0.302.
	checkNumber(t, "capex_change_to_close_gap", s["capex_change_to_close_gap"], "-0.302")
	sens, ok := m["sensitivity"].(map[string]any)
	if !ok {
		t.Fatalf("sensitivity = %#v, want an object", m["sensitivity"])
	}
	if sens["scenario"] != "Half project debt" {
		t.Errorf("sensitivity.scenario = %v, want Half project debt", sens["scenario"])
	}
	for _, g := range []struct{ key, rows, centre string }{
		{"dilution_grid", "share_price_change", "0.073580"}, // 7.942352 / 107.942352
		{"gap_grid", "btc_price_change", "302"},             // 950 − 648
	} {
		grid := sens[g.key].(map[string]any)
		rows, cols, values := grid[g.rows].([]any), grid["capex_change"].([]any), grid["values"].([]any)
		if len(rows) != 11 || len(cols) != 7 || len(values) != 11 {
			t.Fatalf("%s: %d rows, %d columns, %d rows of values; want 11, 7, 11", g.key, len(rows), len(cols), len(values))
		}
		checkNumber(t, g.key+"."+g.rows+"[0]", rows[0], "-0.5")
		checkNumber(t, g.key+".capex_change[6]", cols[6], "0.3")
		checkNumber(t, g.key+" centre", values[5].([]any)[3], g.centre)
	}
	bars := sens["tornado"].([]any)
	if len(bars) != 10 {
		t.Fatalf("tornado has %d bars, want 10", len(bars))
	}
	first := bars[0].(map[string]any)
	if first["driver"] != "Capex change" || bars[1].(map[string]any)["driver"] != "Share price change" {
		t.Errorf("tornado led by %v, %v; want Capex change, Share price change", first["driver"], bars[1].(map[string]any)["driver"])
	}
	// Capex −15%: remaining 750, gap 152, EQ gross 77.55102, 3.997475 new shares, dilution
	// 3.997475 / 103.997475; +15%: gap 452, EQ gross 230.6122, 11.887228 / 111.887228.
	for f, w := range map[string]string{"low": "-0.15", "high": "0.15", "gap_low_usd_m": "152", "gap_high_usd_m": "452",
		"dilution_low": "0.038438", "dilution_high": "0.106243"} {
		checkNumber(t, "tornado[0]."+f, first[f], w)
	}
}

// checkNumber checks a JSON value is a number (not a string) equal to want at want's decimal places.
func checkNumber(t *testing.T, name string, v any, want string) {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Errorf("%s = %#v, want the number %s", name, v, want)
		return
	}
	places := int32(0)
	if _, frac, ok := strings.Cut(want, "."); ok {
		places = int32(len(frac))
	}
	got, err := decimal.NewFromString(n.String())
	if err != nil {
		t.Errorf("%s = %s: %v", name, n, err)
		return
	}
	if !got.Round(places).Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", name, n, want)
	}
}

func decodeJSON(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var all []map[string]any
	if err := d.Decode(&all); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, data)
	}
	return all
}

func TestJSONWorkedExample(t *testing.T) {
	u := model.WorkedExample()
	if errs := model.Validate(u); len(errs) > 0 {
		t.Fatalf("the worked example does not validate: %v", errs)
	}
	summary := jsonResult(job{path: "books/ex.xlsx"}, &input.Book{File: "ex.xlsx", Universe: u}, model.Run(u), "out/ex-gaps.xlsx")
	ok := outcome{in: job{path: "books/ex.xlsx"}, output: "out/ex-gaps.xlsx", summary: &summary}
	bad := outcome{
		in: job{path: "books/bad.xlsx"},
		err: xlsx.ErrorList{
			{Pos: xlsx.Pos{File: "bad.xlsx", Sheet: "Cash Flow", Row: 7, Col: 5}, Err: errors.New("cash is text; enter a number")},
			{Pos: xlsx.Pos{File: "bad.xlsx", Sheet: "Projects"}, Err: errors.New("the sheet is missing; add it")},
		},
	}
	missing := outcome{in: job{path: "gone.xlsx"}, err: errors.New("no such file or folder; check the path")}
	var buf bytes.Buffer
	if err := writeJSON(&buf, []outcome{ok, bad, missing}); err != nil {
		t.Fatal(err)
	}
	all := decodeJSON(t, buf.Bytes())
	if len(all) != 3 {
		t.Fatalf("%d elements, want 3", len(all))
	}
	for i, wb := range all {
		var keys []string
		for k := range wb {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if got := strings.Join(keys, " "); got != "errors file miners output warnings" {
			t.Errorf("element %d keys %q, want errors file miners output warnings", i, got)
		}
		if w, ok := wb["warnings"].([]any); !ok || len(w) != 0 {
			t.Errorf("element %d warnings = %#v, want []", i, wb["warnings"])
		}
	}
	if all[0]["file"] != "books/ex.xlsx" || all[0]["output"] != "out/ex-gaps.xlsx" || len(all[0]["errors"].([]any)) != 0 {
		t.Errorf("good element: file %v, output %v, errors %v", all[0]["file"], all[0]["output"], all[0]["errors"])
	}
	checkWorkedExampleJSON(t, all[0])

	if all[1]["output"] != nil || len(all[1]["miners"].([]any)) != 0 {
		t.Errorf("failed element: output %v, miners %v; want null and []", all[1]["output"], all[1]["miners"])
	}
	wantErrs := []map[string]any{
		{"file": "books/bad.xlsx", "sheet": "Cash Flow", "cell": "E7", "message": "cash is text; enter a number"},
		{"file": "books/bad.xlsx", "sheet": "Projects", "cell": "", "message": "the sheet is missing; add it"},
	}
	checkErrors(t, all[1]["errors"], wantErrs)
	// each error names its file as the element does: the path as given
	for i, wb := range all {
		for _, e := range wb["errors"].([]any) {
			if f := e.(map[string]any)["file"]; f != wb["file"] {
				t.Errorf("element %d: errors[].file %v, want the element's file %v", i, f, wb["file"])
			}
		}
	}
	checkErrors(t, all[2]["errors"], []map[string]any{{"file": "gone.xlsx", "sheet": "", "cell": "", "message": "no such file or folder; check the path"}})
}

func checkErrors(t *testing.T, v any, want []map[string]any) {
	t.Helper()
	got, _ := v.([]any)
	if len(got) != len(want) {
		t.Fatalf("errors %v, want %v", v, want)
	}
	for i := range want {
		g := got[i].(map[string]any)
		for k, w := range want[i] {
			if g[k] != w {
				t.Errorf("errors[%d].%s = %q, want %q", i, k, g[k], w)
			}
		}
	}
}

// warningsSpec is a workbook with three warnings: a value in a column without a header (the
// reader's), an Under construction project with a blank Capex spent and a Contracted project
// without a contract value (the model's).
const warningsSpec = `
[Assumptions]
Assumption | Value | Unit
As of date | 46203 | date
[Miners]
Ticker | Share price | Shares outstanding | Cash
WX | 10 | 50 | 100
[Projects]
Ticker | Project | Status | IT MW | Capex per MW | Capex spent
WX | Built | Energized | 10 | 8 | 80
WX | Hall | Under construction | 20 | |
WX | Leased | Contracted | 5 | | 10 | stray
`

// TestJSONWarnings runs the command on warningsSpec: each warning of the Log sheet reaches
// "warnings" with its sheet and cell, notes do not, and the workbook still goes through.
func TestJSONWarnings(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "warn.xlsx")
	writeTextBook(t, in, warningsSpec)
	var stdout, stderr bytes.Buffer
	if code := runCLI([]string{"minergap", "run", "--json", "--out", filepath.Join(dir, "out"), in}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	all := decodeJSON(t, stdout.Bytes())
	if len(all) != 1 {
		t.Fatalf("%d elements, want 1", len(all))
	}
	if errs, _ := all[0]["errors"].([]any); errs == nil || len(errs) != 0 {
		t.Errorf("errors = %v, want []", all[0]["errors"])
	}
	checkErrors(t, all[0]["warnings"], []map[string]any{
		// the header row spans A:F; row 4 holds a seventh value, at G4
		{"file": in, "sheet": "Projects", "cell": "G4", "message": "values in columns without a header are ignored"},
		// Hall (row 3): 20 MW × the default capex per MW 10.5 = 210 USD m, all of it to spend;
		// its Capex spent cell is blank, in the column Built's 80 was read from (F)
		{"file": in, "sheet": "Projects", "cell": "F3", "message": "capex spent is blank on an Under construction project; assumed nothing spent yet, so the whole build cost, 210 USD m, remains to spend; enter the capex spent so far"},
		// Leased (row 4): the sheet has no Contract value column, so no cell; the row is named
		{"file": in, "sheet": "Projects", "cell": "", "message": "row 4: a Contracted project without a contract value earns nothing and gets no new project debt; enter its contract value and contract years"},
	})
}

// checkWorkedExampleTimelineJSON checks the timeline keys against SPEC §3b's worked example (As of
// date 2026-06-30, so Q0 = 2026Q2).
func checkWorkedExampleTimelineJSON(t *testing.T, scope, s map[string]any) {
	t.Helper()
	for key, want := range map[string]struct{ need, peak, runway string }{
		// cash Q0–Q3 277.5, 106.0625, −66.3125, −239.625: need 50 + 239.625 in Q3 = 2027Q1; cash
		// first below 50 in Q2 (2026Q4), so the runway ends in 2026Q3
		"near_term": {"289.625", "2027Q1", "2026Q3"},
		// P2's 131.25 a quarter in Q4–Q7: cash −613.732302 in Q7 = 2028Q1; need 50 + 613.732302
		"full_pipeline": {"663.732302", "2028Q1", "2026Q3"},
	} {
		pos, _ := scope[key].(map[string]any)
		checkNumber(t, key+".peak_funding_need_usd_m", pos["peak_funding_need_usd_m"], want.need)
		if pos["peak_quarter"] != want.peak || pos["runway_quarter"] != want.runway {
			t.Errorf("%s: peak_quarter %v, runway_quarter %v; want %s, %s", key, pos["peak_quarter"], pos["runway_quarter"], want.peak, want.runway)
		}
	}
	// Half project debt: cash Q0–Q3 466.25, 331.840242, 195.770727, 58.041454, then 90.254804;
	// Q3 interest 10.479273 against EBITDA 10 (mining 40 / 4; P1's NOI starts in Q4)
	checkNumber(t, "min_cash_usd_m", s["min_cash_usd_m"], "58.041454")
	checkNumber(t, "trough_interest_coverage", s["trough_interest_coverage"], "0.954265") // 10 / 10.479273
	checkNumber(t, "fcf_per_diluted_share", s["fcf_per_diluted_share"], "1.121671")       // over 2027Q2–2028Q1
	if s["min_cash_quarter"] != "2027Q1" || s["trough_quarter"] != "2027Q1" {
		t.Errorf("min_cash_quarter %v, trough_quarter %v; want 2027Q1, 2027Q1", s["min_cash_quarter"], s["trough_quarter"])
	}
}

// TestJSONTimelineShortfall: a miner whose mining loses 100 a year burns 25 a quarter that the
// static gap does not fund (40 quarters × 25 = 1,000 against the 302 raised), so its scenario's
// cash falls below the minimum and the JSON lists the flag beside §3's.
func TestJSONTimelineShortfall(t *testing.T) {
	u := model.WorkedExample()
	u.Miners[0].MiningEBITDA = dec("-100")
	summary := jsonResult(job{path: "ex.xlsx"}, &input.Book{File: "ex.xlsx", Universe: u}, model.Run(u), "out/ex-gaps.xlsx")
	s := summary.Miners[0].Scenarios[0]
	if !slices.Contains(s.Flags, string(model.TimelineShortfall)) {
		t.Errorf("flags %v, want %q among them", s.Flags, model.TimelineShortfall)
	}
	if s.MinCash == nil || !dec(s.MinCash.String()).LessThan(dec("50")) {
		t.Errorf("min_cash_usd_m %v, want below the minimum cash 50", s.MinCash)
	}
}
