package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"minergap/internal/fixture"
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
	u := fixture.WorkedExample()
	if errs := model.Validate(u); len(errs) > 0 {
		t.Fatalf("the worked example does not validate: %v", errs)
	}
	summary := jsonResult(job{path: "books/ex.xlsx"}, &input.Book{File: "ex.xlsx", Universe: u}, model.Compute(u), "out/ex-gaps.xlsx")
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
