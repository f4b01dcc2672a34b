package input

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"minergap/xlsx"
)

// FuzzRead: no bytes make ReadBytes panic (a recovered panic shows as an internal error) or
// return anything but a Book or an ErrorList naming the file.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBytes("fuzz.xlsx", data)
		if err == nil {
			if b == nil {
				t.Fatal("no book and no error")
			}
			return
		}
		if b != nil {
			t.Fatal("a book and an error")
		}
		var l xlsx.ErrorList
		if !errors.As(err, &l) || len(l) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %v", err)
		}
		for _, e := range l {
			if e.Pos.File != "fuzz.xlsx" {
				t.Fatalf("error does not name the file: %v", e)
			}
			if strings.Contains(e.Error(), "internal error") {
				t.Fatalf("panic: %v", e)
			}
		}
	})
}

// FuzzReadText fuzzes the workbook's content rather than its bytes: a mutated text spec is
// built into a workbook (byte mutations of a zip mostly stop at its checksums), so headers,
// units, values, formulas and dates all get odd inputs. The same properties as FuzzRead hold.
func FuzzReadText(f *testing.F) {
	f.Add(exampleSpec)
	for _, tt := range forgivingSpecs {
		f.Add(tt.spec)
	}
	f.Add("[Assumptions]\nAssumption | Value\nAs of date | 03/04/2026\nCapex per M | 1\n[Miners]\nTicker | Cash (USD bn)\nEX | x\n[Projects]\nTicker\n")
	f.Fuzz(func(t *testing.T, spec string) {
		if len(spec) > 4096 {
			return
		}
		var buf bytes.Buffer
		if err := xlsx.TextBook(&buf, spec); err != nil {
			return
		}
		b, err := ReadBytes("fuzz.xlsx", buf.Bytes())
		if err == nil {
			if b == nil {
				t.Fatal("no book and no error")
			}
			return
		}
		var l xlsx.ErrorList
		if !errors.As(err, &l) || len(l) == 0 {
			t.Fatalf("error is not a non-empty ErrorList: %v", err)
		}
		for _, e := range l {
			if strings.Contains(e.Error(), "internal error") {
				t.Fatalf("panic: %v", e)
			}
		}
	})
}

// FuzzReadNumber: a number parsed from text never panics, and a plain number Excel could have
// stored reads back to itself within 15 significant digits.
func FuzzReadNumber(f *testing.F) {
	for _, s := range []string{"1,234.5", "(1,234)", "7%", "$1,200", "7.0000000000000007E-2", "-", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, cleaned, err := parseNumberText(s)
		if err != nil || cleaned {
			return
		}
		if again, _, err := parseNumberText(d.String()); err != nil || !again.Equal(d) {
			t.Fatalf("%q reads as %s, which reads as %s (%v)", s, d, again, err)
		}
	})
}
