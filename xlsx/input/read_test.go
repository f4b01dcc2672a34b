package input

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"minergap/internal/fixture"
	"minergap/internal/testkit"
	"minergap/model"
	"minergap/xlsx"
)

// exampleSpec is the worked example of SPEC §3a as a clean input workbook.
const exampleSpec = fixture.WorkedExampleSpec

// exampleUniverse is what exampleSpec says: SPEC §3a's worked example with the spec's extras (the
// company named Example Corp, a source URL, P1's energization date, serial 46477 = 2027-03-31).
func exampleUniverse() model.Universe {
	u := model.WorkedExample()
	u.Miners[0].Company, u.Miners[0].Source = "Example Corp", "https://example.com/ex"
	u.Projects[0].Energization = time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)
	return u
}

// bookBytes builds a workbook from a TextBook spec.
func bookBytes(t testing.TB, spec string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.TextBook(&buf, spec); err != nil {
		t.Fatalf("TextBook: %v", err)
	}
	return buf.Bytes()
}

// universeText prints a universe so that equal decimals print equally (10 and 10.0 alike).
func universeText(u model.Universe) string {
	return strings.ReplaceAll(fmt.Sprintf("%+v", u), " ", "\n")
}

func TestReadExample(t *testing.T) {
	b, err := ReadBytes("ex.xlsx", bookBytes(t, exampleSpec))
	if err != nil {
		t.Fatalf("ReadBytes: %v", err)
	}
	if got, want := universeText(b.Universe), universeText(exampleUniverse()); got != want {
		t.Errorf("universe differs: %s", testkit.Diff(want, got))
	}
	// Provenance: P1's capex per MW is Projects!F2; the BTC price is Assumptions!B3; P2's row is row 3.
	for ref, want := range map[model.Ref]string{
		{Table: "Projects", Row: 0, Field: "Capex per MW"}:               "ex.xlsx:Projects!F2",
		{Table: "Assumptions", Row: int(model.BTCPrice), Field: "Value"}: "ex.xlsx:Assumptions!B3",
		{Table: "Projects", Row: 1}:                                      "ex.xlsx:Projects",
		{Table: "Miners", Row: 0, Field: "Share price"}:                  "ex.xlsx:Miners!C2",
	} {
		if got := b.Source(ref); got != want {
			t.Errorf("Source(%v) = %q, want %q", ref, got, want)
		}
	}
	if p, _ := b.Sources.At(model.Ref{Table: "Projects", Row: 1}); p.Row != 3 {
		t.Errorf("P2's row is %d, want 3", p.Row)
	}
	if got := b.Source(model.Ref{Table: "Projects", Row: 1, Field: "Capex per MW"}); got != "default" {
		t.Errorf("P2's blank capex per MW has source %q, want default", got)
	}
	if !logHas(b, "inputs are of mixed dates") {
		t.Errorf("the Assumptions note is not in the log: %v", b.Log)
	}
	if b.SHA256 == "" || b.File != "ex.xlsx" {
		t.Errorf("file %q sha %q", b.File, b.SHA256)
	}
}

func logHas(b *Book, text string) bool {
	for _, e := range b.Log {
		if strings.Contains(e.Text, text) {
			return true
		}
	}
	return false
}

// forgivingSpecs are the example workbook edited the way people edit workbooks; each must read
// to the example's universe.
var forgivingSpecs = []struct {
	name string
	spec string
	log  []string // texts the log must hold
}{
	{"clean", exampleSpec, nil},
	{"title rows, reordered and extra columns, blank rows, loose names", `
[assumptions]
Example universe
As of June 2026
Unit | Value | Assumption* | Comment
date | 2026-06-30 | as of  date |
 | 60000 | BTC\u00a0PRICE |
[Read me]
anything | here
[MINERS]
Coverage universe | | | | | | | | | |

Mining EBITDA | Debt | Cash | Ticker* | Share\nprice | Shares outstanding | BTC held | Minimum cash | Company | Source | Analyst | Include
40 | 400 | 300 | EX | 20 | 100 | 1000 | 50 | Example Corp | https://example.com/ex | me | Y

 | | | ZZ | | | | | | | | N
[Projects]
Project | Ticker | Critical IT MW | Status | Committed project debt | Prepayment | Contract years | Contract value | Energization date | Capex spent | Capex per MW | Include
P1 | ex | 100 | contracted | 200 | 100 | 10 | 2000 | 2027-03-31 | 100 | 10 | Y
P0 | EX | 1 | Pipeline | | | | | | | | No
P2 | Ex | 50 | PIPELINE | | | | | | | | yes
[Instruments]
Type | Ticker | Instrument | Strike | Coupon | Principal | Shares
convertible | EX | 2030 notes | 25 | 2% | 200 |
warrant | EX | Warrants | 15 | | | 10
[Scenarios]
Scenario | Project debt | Equity | Scope
Half project debt | 50% | 0.5 | near-term
`, []string{"row 6 left out", "column \"Analyst\" is not an input of Miners", "sheet \"Read me\" is not an input sheet"}},
	{"formulas, numbers as text, units, dashes", `
[Assumptions]
Assumption | Value | Unit
As of date | =DATE(2026,6,30) -> 46203 |
BTC price | $60,000 | USD
BTC haircut | - | fraction
[Miners]
Ticker | Company | Share price (USD) | Shares outstanding (mm) | Cash (USD bn) | BTC held (BTC) | Debt [$k] | Minimum cash | Mining EBITDA (USD m per year) | Source
EX | Example Corp | =10*2 | 100 | 0.3 | 1,000 | 400000 | =25*2 -> 50 | 40 | https://example.com/ex
[Projects]
Ticker | Project | Status | IT MW (MW) | Capex per MW ($m/MW) | Capex spent | Energization date | Contract value (US$bn) | Contract years (yrs) | Prepayment | Committed project debt | Loan-to-cost (%)
EX | P1 | Contracted | =50+50 | 10 | 100 | 46477 | 2 | 10 | 100 | 200 | n/a
EX | P2 | Pipeline | 50 | – | | | | | (0) | |
[Instruments]
Ticker | Instrument | Type | Principal | Shares | Conversion price | Coupon
EX | 2030 notes | Convertible | 200 | | 25 | 0.02
EX | Warrants | Warrant | | 10 | 15 |
[Scenarios]
Scenario | Scope | Equity | Convertible | Corporate debt | Project debt
Half project debt | Near-term | 0.5 | 0 | 0 | 0.5
`, []string{"number stored as text \"1,000\" read as 1000", "Cash is in USD bn", "formula =10*2 had no stored value; evaluated to 20",
		"BTC haircut is blank: the default 0.20 fraction is used"}},
}

// TestReadForgiving reads workbooks edited the way people edit them; each must give the
// example's universe exactly.
func TestReadForgiving(t *testing.T) {
	want := universeText(exampleUniverse())
	for _, tt := range forgivingSpecs {
		t.Run(tt.name, func(t *testing.T) {
			b, err := ReadBytes("ex.xlsx", bookBytes(t, tt.spec))
			if err != nil {
				t.Fatalf("ReadBytes: %v", err)
			}
			u := b.Universe
			if tt.name == "formulas, numbers as text, units, dashes" {
				// (0) is a prepayment of -0 = 0, which prints the same; nothing else differs.
				u.Projects[1].Prepayment = decimal.Zero
			}
			if got := universeText(u); got != want {
				t.Errorf("universe differs: %s", testkit.Diff(want, got))
			}
			for _, l := range tt.log {
				if !logHas(b, l) {
					t.Errorf("log lacks %q; it holds:\n%s", l, logText(b))
				}
			}
		})
	}
}

func logText(b *Book) string {
	var s strings.Builder
	for _, e := range b.Log {
		fmt.Fprintf(&s, "%s: %s: %s\n", e.Pos, e.Level, e.Text)
	}
	return s.String()
}

// errorLines is an error's problems, one per line.
func errorLines(err error) []string {
	var l xlsx.ErrorList
	if !errors.As(err, &l) {
		if err == nil {
			return nil
		}
		return []string{"not an ErrorList: " + err.Error()}
	}
	var out []string
	for _, e := range l {
		out = append(out, e.Error())
	}
	return out
}

func TestReadProblems(t *testing.T) {
	spec := `
[Assumptions]
Assumption | Value
As of date | 46203
Capex per M | 10
BTC haircut | seven
BTC haircut | 0.2
[Miners]
Title
Ticker | Share price | Shares outstanding | Cash
EX | #N/A | 100 |
[Projects]
Ticker | Project | Status | IT MW (GW) | Capex per MW (EUR m per MW)
EX | P1 | Planned | 1 | 10
[Instruments]
Ticker | Instrument | Type | Maturity | Principal
EX | Notes | Convertible | 03/04/2026 |
[Scenarios]
Name | Equity
All equity | 1
`
	_, err := ReadBytes("bad.xlsx", bookBytes(t, spec))
	want := []string{
		`bad.xlsx:Assumptions!A3: unknown assumption "Capex per M"; did you mean "Capex per MW"?`,
		`bad.xlsx:Assumptions!B4: BTC haircut: found "seven" where a fraction such as 0.07 or 7% is expected; enter a number`,
		`bad.xlsx:Assumptions!A5: assumption BTC haircut is given twice (first in Assumptions!A4); delete one of them`,
		`bad.xlsx:Miners!B3: cell holds the error #N/A; fix its formula or type the value`,
		`bad.xlsx:Miners!D3: Cash is required; enter a value`,
		`bad.xlsx:Projects!D1: unit "GW" does not fit IT MW; use MW`,
		`bad.xlsx:Projects!E1: unit "EUR m per MW" does not fit Capex per MW; use USD m per MW`,
		`bad.xlsx:Projects!C2: Status "Planned" is not one of Energized, Under construction, Contracted, Pipeline; pick one of them`,
		`bad.xlsx:Instruments: row 2: conversion price 0 must be above 0; enter the convertible's conversion price in USD`,
		`bad.xlsx:Instruments!D2: Maturity: found "03/04/2026" where a date is expected; enter the date as a date cell or as ISO text such as 2026-06-30 (day/month order is ambiguous)`,
		`bad.xlsx:Instruments!E2: principal 0 must be above 0; enter the convertible's principal outstanding in USD m`,
		`bad.xlsx:Scenarios: header row 1 has no "Scenario" column; add it`,
	}
	got := errorLines(err)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadMissingSheets(t *testing.T) {
	_, err := ReadBytes("x.xlsx", bookBytes(t, "[Assumptions]\nAssumption | Value\nAs of date | 2026-06-30\n[Notes]\nhello\n"))
	want := []string{
		`x.xlsx: missing sheet "Miners"; add it (minergap template writes a blank workbook with every sheet)`,
		`x.xlsx: missing sheet "Projects"; add it (minergap template writes a blank workbook with every sheet)`,
	}
	if got := errorLines(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReadDate1904(t *testing.T) {
	// 44741 days after 1904-01-01 is 2026-06-30; the same serial in the 1900 system would be 2022.
	spec := "!date1904\n" + strings.Replace(exampleSpec, "As of date | 46203", "As of date | 44741", 1)
	spec = strings.Replace(spec, "| 46477 |", "| 2027-03-31 |", 1)
	b, err := ReadBytes("ex.xlsx", bookBytes(t, spec))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Universe.Assumptions.AsOf; !got.Equal(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("as of %v, want 2026-06-30", got)
	}
}

// TestReadFormulaValues: a formula's stored value is used; one with none is evaluated; one that
// cannot be evaluated, or whose value is an error, is an error naming its cell.
func TestReadFormulaValues(t *testing.T) {
	spec := strings.NewReplacer(
		"EX | Example Corp | 20 | 100 | 300 |", "EX | Example Corp | =NOSUCHFUNCTION(1) | =1/0 -> #DIV/0! | =[1]Sheet1!A1 |",
	).Replace(exampleSpec)
	_, err := ReadBytes("f.xlsx", bookBytes(t, spec))
	want := []string{
		"f.xlsx:Miners!C2: formula =NOSUCHFUNCTION(1) has no stored value and cannot be evaluated here (#VALUE!); open the workbook in Excel or LibreOffice, let it recalculate and save it",
		"f.xlsx:Miners!D2: cell holds the error #DIV/0!; fix its formula or type the value",
		"f.xlsx:Miners!E2: formula =[1]Sheet1!A1 has no stored value and cannot be evaluated here (#NAME?); open the workbook in Excel or LibreOffice, let it recalculate and save it",
	}
	if got := errorLines(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReadDuplicates: repeated keys name the row they repeat; the model finds them, the reader
// places them.
func TestReadDuplicates(t *testing.T) {
	spec := strings.Replace(exampleSpec, "EX | Example Corp | 20 | 100 | 300 | 1000 | 400 | 50 | 40 | https://example.com/ex",
		"EX | Example Corp | 20 | 100 | 300 | 1000 | 400 | 50 | 40 | https://example.com/ex\nex | Again | 20 | 100 | 300 | | | | |", 1)
	spec = strings.Replace(spec, "Half project debt | Near-term | 0.5 | 0 | 0 | 0.5", "Half project debt | Near-term | 0.5 | 0 | 0 | 0.5\nHalf project debt | | 1 | | |", 1)
	_, err := ReadBytes("d.xlsx", bookBytes(t, spec))
	want := []string{
		`d.xlsx:Miners!A3: ticker "ex" repeats row 2; give each ticker one row`,
		`d.xlsx:Scenarios!A3: scenario "Half project debt" repeats row 2; give each scenario one row`,
	}
	if got := errorLines(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var l xlsx.ErrorList
	if errors.As(err, &l) && !errors.Is(l[0], model.ErrDuplicate) {
		t.Errorf("%v does not wrap model.ErrDuplicate", l[0])
	}
}

// TestReadEmptyOptionalSheet: an empty optional sheet is as good as none; an empty required one
// is an error.
func TestReadEmptyOptionalSheet(t *testing.T) {
	spec := exampleSpec[:strings.Index(exampleSpec, "[Instruments]")] + "[Instruments]\n[Scenarios]\n\n"
	b, err := ReadBytes("e.xlsx", bookBytes(t, spec))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Universe.Instruments) != 0 || len(b.Universe.Scenarios) != 0 || !logHas(b, "the sheet is empty; ignored") {
		t.Errorf("instruments %d, scenarios %d, log:\n%s", len(b.Universe.Instruments), len(b.Universe.Scenarios), logText(b))
	}
	spec = strings.Replace(spec, "[Miners]\n", "[Miners]\n\n[Ignored]\n", 1)
	_, err = ReadBytes("e.xlsx", bookBytes(t, spec))
	want := "e.xlsx:Miners: no header row in the first 10 rows; add a row with the headers Ticker, Share price, Shares outstanding, Cash"
	if got := errorLines(err); len(got) != 1 || got[0] != want {
		t.Errorf("errors %q, want %q", got, want)
	}
}

// TestReadExcludedMiner: leaving a miner out leaves out its projects and instruments too,
// instead of reporting them as rows of an unknown ticker.
func TestReadExcludedMiner(t *testing.T) {
	spec := strings.NewReplacer(
		"Mining EBITDA | Source\n", "Mining EBITDA | Source | Include\nOLD | Old Corp | 1 | 1 | 1 | | | | | | N\n",
		"Committed project debt\n", "Committed project debt\nold | Gone | Pipeline | | 10 | | | | | | |\n",
		"Coupon\n", "Coupon\nOLD | Gone notes | Convertible | 1 | | 1 | 0\n",
	).Replace(exampleSpec)
	b, err := ReadBytes("x.xlsx", bookBytes(t, spec))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := universeText(b.Universe), universeText(exampleUniverse()); got != want {
		t.Errorf("universe differs: %s", testkit.Diff(want, got))
	}
	for _, l := range []string{"row 2 left out: Include is \"N\"", "row 2 left out: its miner \"old\" is left out on Miners", "row 2 left out: its miner \"OLD\" is left out on Miners"} {
		if !logHas(b, l) {
			t.Errorf("log lacks %q:\n%s", l, logText(b))
		}
	}
}

// TestReadV2Columns reads the columns SPEC v2 added: a project's Ownership (a percentage, or
// blank for 1) and Displaced mining EBITDA, and an instrument's Cap price; and the run-wide
// settings Build quarters and Tornado scenario.
func TestReadV2Columns(t *testing.T) {
	spec := `
[Assumptions]
Assumption | Value
As of date | 2026-06-30
Build quarters | 6
Tornado scenario | half project debt
[Miners]
Ticker | Share price | Shares outstanding | Cash
EX | 20 | 100 | 300
[Projects]
Ticker | Project | Status | IT MW | Ownership | Displaced mining EBITDA (USD m per year)
EX | JV | Contracted | 100 | 51% | 12.5
EX | Own | Pipeline | 50 | |
[Instruments]
Ticker | Instrument | Type | Principal | Conversion price | Cap price
EX | Notes | Convertible | 200 | 25 | 40
[Scenarios]
Scenario | Equity | Project debt
Half project debt | 0.5 | 0.5
`
	b, err := ReadBytes("v2.xlsx", bookBytes(t, spec))
	if err != nil {
		t.Fatal(err)
	}
	u := b.Universe
	jv, own := u.Projects[0], u.Projects[1]
	if !jv.Ownership.Valid || !jv.Ownership.Decimal.Equal(testkit.Dec("0.51")) {
		t.Errorf("JV ownership %v, want 0.51 (51%%)", jv.Ownership)
	}
	if own.Ownership.Valid || !own.Share().Equal(testkit.Dec("1")) {
		t.Errorf("a blank ownership reads %v, share %s; want blank, share 1", own.Ownership, own.Share())
	}
	if !jv.DisplacedEBITDA.Equal(testkit.Dec("12.5")) || !own.DisplacedEBITDA.IsZero() {
		t.Errorf("displaced mining EBITDA %s and %s, want 12.5 and 0", jv.DisplacedEBITDA, own.DisplacedEBITDA)
	}
	if cp := u.Instruments[0].CapPrice; !cp.Valid || !cp.Decimal.Equal(testkit.Dec("40")) {
		t.Errorf("cap price %v, want 40", cp)
	}
	if got := u.Assumptions.Get(model.BuildQuarters); !got.Equal(testkit.Dec("6")) {
		t.Errorf("build quarters %s, want 6", got)
	}
	// Matched as tickers are: the name's case and spacing do not matter.
	if k, ok := model.TornadoIndex(u.Assumptions, u.Scenarios); !ok || k != 0 || u.Assumptions.TornadoScenario != "half project debt" {
		t.Errorf("tornado scenario %q → %d, %v; want scenario 0", u.Assumptions.TornadoScenario, k, ok)
	}
	if p, ok := b.Cell(model.Ref{Table: model.TableProjects, Row: 1, Field: model.FieldOwnership}); !ok || p.String() != "v2.xlsx:Projects!E3" {
		t.Errorf("a blank ownership's cell is %v, %v; want v2.xlsx:Projects!E3", p, ok)
	}
}

// TestReadSettingsErrors: the run-wide settings may not be scenario overrides, Build quarters is a
// whole number from 1 to 40, and the Tornado scenario must name a scenario.
func TestReadSettingsErrors(t *testing.T) {
	spec := `
[Assumptions]
Assumption | Value
As of date | 2026-06-30
Build quarters | 2.5
Tornado scenario | Balancd
[Miners]
Ticker | Share price | Shares outstanding | Cash
EX | 20 | 100 | 300
[Projects]
Ticker | Project | Status | IT MW
EX | P | Pipeline | 50
[Scenarios]
Scenario | Equity | Target dilution
Balanced | 1 | 0.2
`
	_, err := ReadBytes("s.xlsx", bookBytes(t, spec))
	got := strings.Join(errorLines(err), "\n")
	for _, want := range []string{
		"s.xlsx:Assumptions!B3: build quarters 2.5 is not a whole number from 1 to 40; enter a number of quarters such as 4",
		`s.xlsx:Assumptions!B4: tornado scenario "Balancd" is not a scenario; did you mean "Balanced"? enter one of "Balanced"`,
		"s.xlsx:Scenarios!C2: Target dilution cannot change by scenario; delete the value or the column",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack\n%s\ngot\n%s", want, got)
		}
	}
}
