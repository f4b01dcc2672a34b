package review

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
)

// checkOffice opens the input and its copy in LibreOffice and Gnumeric: both open the copy
// without a new complaint, every original sheet exports the same CSV as the input's, the
// Review sheet exports its problems, and LibreOffice, saving the copy as .xlsx again, keeps a
// note on every problem cell with its messages.
func checkOffice(t *testing.T, in, out []byte, problems []Problem) {
	t.Helper()
	dir := t.TempDir()
	inPath, outPath := filepath.Join(dir, "input.xlsx"), filepath.Join(dir, "copy.xlsx")
	if err := os.WriteFile(inPath, in, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outPath, out, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := openPkg(in)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := readWorkbook(p)
	if err != nil {
		t.Fatal(err)
	}
	var sheets []string
	for _, s := range wb.sheets {
		sheets = append(sheets, s.name)
	}

	t.Run("LibreOffice CSV", func(t *testing.T) {
		a := soffice(t, csvAllSheets, inPath, outPath)
		b := a
		for _, s := range sheets {
			if !wb.sheets[indexOf(sheets, s)].worksheet {
				continue
			}
			x, errA := os.ReadFile(filepath.Join(a, "input-"+s+".csv"))
			y, errB := os.ReadFile(filepath.Join(b, "copy-"+s+".csv"))
			if errA != nil || errB != nil {
				t.Errorf("sheet %s: no CSV (%v, %v)", s, errA, errB)
				continue
			}
			if a, b := trimCSV(t, x), trimCSV(t, y); a != b {
				t.Errorf("sheet %s exports differently:\n got %s\nwant %s", s, b, a)
			}
		}
		review, err := os.ReadFile(filepath.Join(b, "copy-Review.csv"))
		if err != nil {
			t.Fatalf("no Review sheet in LibreOffice's export: %v", err)
		}
		checkReviewCSV(t, review, problems)
	})

	t.Run("LibreOffice notes", func(t *testing.T) {
		resaved, err := os.ReadFile(filepath.Join(soffice(t, "xlsx", outPath), "copy.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		f := openBook(t, resaved)
		if got := f.GetSheetList(); len(got) == 0 || got[0] != "Review" {
			t.Errorf("LibreOffice's sheets %q do not open with Review", got)
		}
		notes := map[string]map[string]string{}
		for _, s := range sheets {
			if wb.sheets[indexOf(sheets, s)].worksheet {
				notes[s] = noteTexts(t, f, s)
			}
		}
		checkNotes(t, notes, problems)
	})

	t.Run("Gnumeric", func(t *testing.T) {
		a, before, err := gnumeric(t, inPath)
		if err != nil {
			t.Skipf("Gnumeric cannot open the input itself (it reads no Strict OOXML): %v", err)
		}
		b, after, err := gnumeric(t, outPath)
		if err != nil {
			t.Fatal(err)
		}
		for d := range after {
			if !before[d] && d != "Unhandled object of type Note" { // Gnumeric says so of every note's VML shape
				t.Errorf("Gnumeric complains of the copy only: %s", d)
			}
		}
		// ssconvert numbers sheets from 0; the copy's are one further on
		n := 0
		for i := range sheets {
			x, errA := os.ReadFile(filepath.Join(a, "sheet-"+strconv.Itoa(i)+".csv"))
			y, errB := os.ReadFile(filepath.Join(b, "sheet-"+strconv.Itoa(i+1)+".csv"))
			if errA != nil {
				continue // a chart sheet has no CSV
			}
			n++
			if errB != nil || trimCSV(t, x) != trimCSV(t, y) {
				t.Errorf("sheet %d exports differently (%v):\n got %s\nwant %s", i, errB, trimCSV(t, y), trimCSV(t, x))
			}
		}
		review, err := os.ReadFile(filepath.Join(b, "sheet-0.csv"))
		if err != nil {
			t.Fatal(err)
		}
		checkReviewCSV(t, review, problems)
	})
}

// checkReviewCSV asserts the Review sheet's problem rows as an office program exports them.
func checkReviewCSV(t *testing.T, b []byte, problems []Problem) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(problems)+2 {
		t.Fatalf("Review exports %d rows, want %d:\n%s", len(rows), len(problems)+2, b)
	}
	for i, p := range problems {
		cell, level := "", "error"
		if p.Row > 0 && p.Col > 0 {
			cell = cellRef(p.Row, p.Col)
		}
		if p.Warning {
			level = "warning"
		}
		got := append(rows[i+2], "", "", "", "")[:4]
		if want := []string{p.Sheet, cell, level, p.Message}; !reflect.DeepEqual(got, want) {
			t.Errorf("Review row %d exports %q, want %q", i+3, got, want)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// trimCSV drops the blank cells and rows that end a sheet's export: a problem cell inserted
// blank widens the area an office program exports, not the values in it.
func trimCSV(t *testing.T, b []byte) string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		rows[i] = row
	}
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return fmtRows(rows)
}
