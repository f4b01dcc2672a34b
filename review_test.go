package main

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"minergap/internal/fixture"
	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
	"minergap/xlsx/review"
)

// reviewSeedSpecs are workbooks with warnings (an Under construction project without its capex
// spent; a Contracted one without a contract value) and with errors on cells.
var reviewSeedSpecs = []string{fixture.WorkedExampleSpec, `
[Assumptions]
Assumption | Value
As of date | 2026-06-30
BTC price | 60000
[Miners]
Ticker | Share price | Shares outstanding | Cash
EX | 20 | 100 | 300
[Projects]
Ticker | Project | Status | IT MW | Contract value | Contract years
EX | P1 | Under construction | 100 | |
EX | P2 | Contracted | 50 | |
`, `
[Assumptions]
Assumption | Value
As of date | 2026-06-30
BTC haircut | 7
[Miners]
Ticker | Share price | Shares outstanding | Cash
EX | twenty | 100 | 300
[Projects]
Ticker | Project | Status | IT MW
EX | P1 | Pipeline |
`}

// readForReview reads a workbook as run does and returns its review problems and its errors.
func readForReview(data []byte) ([]review.Problem, error) {
	book, err := input.ReadBytes("f.xlsx", data)
	var res *model.Result
	if err == nil {
		r := model.Run(book.Universe)
		res = &r
	}
	return reviewProblems(book, res, err), err
}

// FuzzReviewCopy: a workbook the reader reads (accepting it, or with errors on its cells) gives a
// review copy that review.Write makes without error, and that the reader reads again with the
// same problems: the marks change nothing the reader sees.
func FuzzReviewCopy(f *testing.F) {
	for _, spec := range reviewSeedSpecs {
		var buf bytes.Buffer
		if err := xlsx.TextBook(&buf, spec); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		problems, err := readForReview(data)
		var list xlsx.ErrorList
		if len(problems) == 0 || (err != nil && !errors.As(err, &list)) {
			return
		}
		var copy bytes.Buffer
		if werr := review.Write(data, &copy, problems); werr != nil {
			if err == nil {
				t.Fatalf("the reader accepts the workbook but its review copy fails: %v", werr)
			}
			return // a workbook with errors may be one review refuses to patch
		}
		again, err2 := readForReview(copy.Bytes())
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("the review copy reads with other errors:\n%v\nthe input's:\n%v", err2, err)
		}
		if !reflect.DeepEqual(problems, again) {
			t.Fatalf("the review copy reads with other problems:\n%v\nthe input's:\n%v", again, problems)
		}
	})
}

// TestReviewProblems pins what a review copy marks for the seed workbooks: warnings amber on
// their cells, errors red.
func TestReviewProblems(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.TextBook(&buf, reviewSeedSpecs[1]); err != nil {
		t.Fatal(err)
	}
	problems, err := readForReview(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// P1 (row 2) is Under construction without capex spent: a warning on its Capex spent cell,
	// which the sheet lacks, so on the row only (column 0); P2 (row 3) is Contracted without a
	// contract value: a warning on E3, the Contract value column. P1's build cost is 100 MW ×
	// the default 10.5 USD m per MW = 1,050.
	want := []review.Problem{
		{Sheet: "Projects", Row: 2, Col: 0, Warning: true, Message: "capex spent is blank on an Under construction project; assumed nothing spent yet, so the whole build cost, 1050 USD m, remains to spend; enter the capex spent so far"},
		{Sheet: "Projects", Row: 3, Col: 5, Warning: true, Message: "a Contracted project without a contract value earns nothing and gets no new project debt; enter its contract value and contract years"},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems\n%+v\nwant\n%+v", problems, want)
	}
}
