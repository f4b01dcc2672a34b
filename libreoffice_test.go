package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"minergap/internal/fixture"
	"minergap/internal/officetest"
)

// TestJSONMatchesLibreOffice runs the command on the worked example and on the public sample,
// lets LibreOffice recalculate each output workbook from its formulas, and holds every figure
// of the JSON summary that the workbook shows to what LibreOffice computes, to 1e-9 relative:
// the Summary's and the Scenarios' columns, and each miner sheet's lines for both scopes. The
// JSON, the stored values and the live formulas tell one story.
func TestJSONMatchesLibreOffice(t *testing.T) {
	t.Parallel() // each soffice has a profile of its own
	officetest.Soffice(t)
	dir := t.TempDir()
	example := filepath.Join(dir, "ex.xlsx")
	writeTextBook(t, example, fixture.WorkedExampleSpec)
	for _, in := range []string{example, filepath.Join("samples", "ai-pivot-2026.xlsx")} {
		t.Run(filepath.Base(in), func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			if code := runCLI([]string{"minergap", "run", "--json", "--out", out, in}, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			var books []jsonWorkbook
			if err := json.Unmarshal(stdout.Bytes(), &books); err != nil {
				t.Fatal(err)
			}
			names := []string{"Summary", "Scenarios"}
			for _, m := range books[0].Miners {
				names = append(names, m.Ticker) // the miner's sheet: its ticker, when a valid sheet name
			}
			sheets := officetest.SheetsCSV(t, *books[0].Output, names)
			summary := byTicker(t, sheets["Summary"], "Ticker")
			scenarios := byTicker(t, sheets["Scenarios"], "Ticker", "Scenario")
			compared := 0
			same := func(where string, row map[string]string, header string, want *json.Number) {
				t.Helper()
				got, ok := row[header]
				if !ok {
					t.Fatalf("%s: no column %q", where, header)
				}
				if want == nil {
					if got != "n/a" {
						t.Errorf("%s / %s: LibreOffice gives %q, the JSON null", where, header, got)
					}
					return
				}
				w, err := want.Float64()
				g, ok := officetest.Number(got)
				if err != nil || !ok || !officetest.Close(g, w) {
					t.Errorf("%s / %s: LibreOffice gives %q, the JSON %s", where, header, got, *want)
				}
				compared++
			}
			for _, m := range books[0].Miners {
				row := summary[m.Ticker]
				same(m.Ticker, row, "Near-term uses (USD m)", &m.Scope.NearTerm.Uses)
				same(m.Ticker, row, "Near-term sources (USD m)", &m.Scope.NearTerm.Sources)
				same(m.Ticker, row, "Near-term gap (USD m)", &m.Scope.NearTerm.Gap)
				same(m.Ticker, row, "Full-pipeline uses (USD m)", &m.Scope.FullPipeline.Uses)
				same(m.Ticker, row, "Full-pipeline sources (USD m)", &m.Scope.FullPipeline.Sources)
				same(m.Ticker, row, "Full-pipeline gap (USD m)", &m.Scope.FullPipeline.Gap)
				same(m.Ticker, row, "Near-term peak funding need (USD m)", m.Scope.NearTerm.PeakNeed)
				same(m.Ticker, row, "Full-pipeline peak funding need (USD m)", m.Scope.FullPipeline.PeakNeed)
				if got, want := row["Near-term runway (quarter)"], m.Scope.NearTerm.Runway; want == nil && got != "" || want != nil && got != *want {
					t.Errorf("%s: near-term runway: LibreOffice gives %q, the JSON %v", m.Ticker, got, want)
				}
				lines := byLabel(t, sheets[m.Ticker], "Sources and uses")
				for label, want := range map[string][2]*json.Number{
					"Gap before committed financing (USD m)": {&m.Scope.NearTerm.GrossGap, &m.Scope.FullPipeline.GrossGap},
					"Owned IT MW (MW)":                       {&m.Scope.NearTerm.MW, &m.Scope.FullPipeline.MW},
					"Shell build cost (USD m)":               {&m.Scope.NearTerm.ShellCost, &m.Scope.FullPipeline.ShellCost},
					"GPU build cost (USD m)":                 {&m.Scope.NearTerm.GPUCost, &m.Scope.FullPipeline.GPUCost},
				} {
					line, ok := lines[label]
					if !ok {
						t.Errorf("%s: no line %q", m.Ticker, label)
						continue
					}
					same(m.Ticker+" / "+label, line, "Near-term", want[0])
					same(m.Ticker+" / "+label, line, "Full pipeline", want[1])
				}
				for _, s := range m.Scenarios {
					where := m.Ticker + " / " + s.Name
					row := scenarios[m.Ticker+"\x00"+s.Name]
					same(where, summary[m.Ticker], s.Name+": dilution, basic (%)", &s.DilutionBasic)
					for header, want := range map[string]*json.Number{
						"Gap G (USD m)":                     &s.Gap,
						"Equity, net (USD m)":               &s.Equity,
						"Convertible, net (USD m)":          &s.Convertible,
						"Corporate debt, net (USD m)":       &s.CorporateDebt,
						"Project debt, net (USD m)":         &s.ProjectDebt,
						"New shares (m)":                    &s.NewShares,
						"New conversion shares (m)":         &s.NewConversionShares,
						"Dilution, basic (%)":               &s.DilutionBasic,
						"Dilution, diluted (%)":             &s.DilutionDiluted,
						"Dilution, economic (%)":            &s.DilutionEconomic,
						"PF net debt (USD m)":               &s.PFNetDebt,
						"PF EBITDA (USD m per year)":        &s.PFEBITDA,
						"Net leverage (x)":                  s.NetLeverage,
						"PF interest (USD m per year)":      &s.PFInterest,
						"Interest coverage (x)":             s.InterestCoverage,
						"Cash flow per diluted share (USD)": s.CashFlowPerShare,
						"Lowest cash (USD m)":               s.MinCash,
					} {
						same(where, row, header, want)
					}
					var flags []string
					for header, v := range row {
						if strings.HasPrefix(header, "Flag: ") && v != "" {
							flags = append(flags, v)
						}
					}
					if !sameSet(flags, s.Flags) {
						t.Errorf("%s: LibreOffice flags %q, the JSON %q", where, flags, s.Flags)
					}
				}
			}
			if compared == 0 {
				t.Fatal("compared nothing")
			}
			t.Logf("%d figures compared", compared)
		})
	}
}

// byTicker indexes a sheet's rows below its header row (the first row whose first cell is
// keys[0]) by the values of the key columns, each row a map from header to cell text.
func byTicker(t *testing.T, rows [][]string, keys ...string) map[string]map[string]string {
	t.Helper()
	res := map[string]map[string]string{}
	var header []string
	for _, row := range rows {
		if header == nil {
			if len(row) > 0 && row[0] == keys[0] {
				header = row
			}
			continue
		}
		m := map[string]string{}
		for c, h := range header {
			if c < len(row) {
				m[h] = row[c]
			}
		}
		var key []string
		for _, k := range keys {
			key = append(key, m[k])
		}
		res[strings.Join(key, "\x00")] = m
	}
	if header == nil {
		t.Fatalf("no header row starting with %q", keys[0])
	}
	return res
}

// byLabel indexes the lines below a sheet's header row (the first row whose first cell is first)
// by their first cell, each line a map from header to cell text; a label's first line wins.
func byLabel(t *testing.T, rows [][]string, first string) map[string]map[string]string {
	t.Helper()
	res := map[string]map[string]string{}
	var header []string
	for _, row := range rows {
		if header == nil {
			if len(row) > 0 && row[0] == first {
				header = row
			}
			continue
		}
		if len(row) == 0 || row[0] == "" {
			continue
		}
		if _, seen := res[row[0]]; seen {
			continue
		}
		m := map[string]string{}
		for c, h := range header {
			if c < len(row) {
				m[h] = row[c]
			}
		}
		res[row[0]] = m
	}
	if header == nil {
		t.Fatalf("no header row starting with %q", first)
	}
	return res
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
