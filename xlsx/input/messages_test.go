package input

import (
	"strings"
	"testing"
)

// messagesSpec is a valid workbook whose cells each case replaces: {cash}, {price}, {mw},
// {status} and the Cash and Shares outstanding headers.
const messagesSpec = `
[Assumptions]
Assumption | Value
As of date | 2026-06-30
[Miners]
Ticker | Share price | {shares header} | {cash header}
EX | {price} | 100 | {cash}
[Projects]
Ticker | Project | Status | IT MW
EX | P1 | {status} | {mw}
EX | P2 | Under-construction | 10
`

func messagesBook(edits map[string]string) string {
	spec := messagesSpec
	for k, v := range map[string]string{"{shares header}": "Shares outstanding", "{cash header}": "Cash", "{price}": "20",
		"{cash}": "300", "{mw}": "100", "{status}": "Pipeline"} {
		if e, ok := edits[k]; ok {
			v = e
		}
		spec = strings.ReplaceAll(spec, k, v)
	}
	return spec
}

// TestReadMessages pins what the reader says of values and headers an analyst did not mean:
// each message names its cell, reads compactly and says how to fix it.
func TestReadMessages(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edits map[string]string
		want  []string
	}{
		{"a float artefact", map[string]string{"{cash}": "5e-324"}, []string{
			`m.xlsx:Miners!D2: Cash: the value is too small (not 0, but below 1e-12 in size); enter 0 or an amount in USD m`}},
		{"text beyond any spreadsheet number", map[string]string{"{cash}": "'1e-400", "{price}": "'1e309"}, []string{
			`m.xlsx:Miners!B2: Share price: the value is too large (above 1e308, beyond any spreadsheet number); enter a price in USD`,
			`m.xlsx:Miners!D2: Cash: the value is too small (not 0, but below 1e-12 in size); enter 0 or an amount in USD m`}},
		{"magnitudes beyond SPEC §2's bounds", map[string]string{"{cash}": "1e300", "{price}": "1e-300", "{mw}": "1e308"}, []string{
			`m.xlsx:Miners!B2: share price 1e-300 is not 0 but below 1e-12 in size; enter 0 or a meaningful value (the price in USD)`,
			`m.xlsx:Miners!D2: cash 1e300 is above 10,000,000 USD m (10 trillion dollars); enter the amount in USD millions`,
			`m.xlsx:Projects!D2: IT MW 1e308 is above 1,000,000 MW; enter the critical IT capacity in MW`}},
		{"money just above its bound", map[string]string{"{cash}": "10000000.5"}, []string{
			`m.xlsx:Miners!D2: cash 10000000.5 is above 10,000,000 USD m (10 trillion dollars); enter the amount in USD millions`}},
		{"a header with two units", map[string]string{"{cash header}": "Cash (USD m) (USD bn)"}, []string{
			`m.xlsx:Miners!D1: header "Cash (USD m) (USD bn)" states more than one unit ("USD m", "USD bn"); keep only the one its values are in`}},
		{"units of another kind", map[string]string{"{shares header}": "Shares outstanding (USD m)", "{cash header}": "Cash (m)"}, []string{
			`m.xlsx:Miners!C1: unit "USD m" does not fit Shares outstanding; use m (millions)`,
			`m.xlsx:Miners!D1: unit "m" does not fit Cash; use USD m (or USD bn, USD k)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadBytes("m.xlsx", bookBytes(t, messagesBook(tc.edits)))
			if got := errorLines(err); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestReadSynonymNote: a status read as another word is noted on its cell; a spelling is not.
func TestReadSynonymNote(t *testing.T) {
	b, err := ReadBytes("m.xlsx", bookBytes(t, messagesBook(map[string]string{"{status}": "Construction"})))
	if err != nil {
		t.Fatal(err)
	}
	log := logText(b)
	if want := `m.xlsx:Projects!C2: note: Status "Construction" read as Under construction`; !strings.Contains(log, want) {
		t.Errorf("log lacks %q:\n%s", want, log)
	}
	if strings.Contains(log, "Under-construction") {
		t.Errorf("log notes a spelling:\n%s", log)
	}
}

// TestReadNumberSize: the raw values Excel and excelize write for 5e-324 are too small, not text.
func TestReadNumberSize(t *testing.T) {
	for raw, want := range map[string]error{
		"4.9406564584124654E-324":             errTooSmall,
		"0." + strings.Repeat("0", 322) + "5": errTooSmall,
		"1e-400":                              errTooSmall,
		"1e309":                               errTooLarge,
		"2.2250738585072014E-308":             nil,
	} {
		if _, _, err := parseNumberText(raw); err != want {
			t.Errorf("parseNumberText(%.30q): %v, want %v", raw, err, want)
		}
	}
}
