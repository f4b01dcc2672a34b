package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"minergap/xlsx"
)

var writeSeeds = flag.Bool("fuzzseeds", false, "rewrite the FuzzRead seed corpus in testdata/fuzz/FuzzRead")

// stored rewrites a zip with every entry stored uncompressed, so that the fuzzer's byte
// mutations reach the XML instead of breaking the deflate stream.
func stored(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// fuzzSeeds are a valid small workbook (deflated and stored), one with formulas and units,
// one with problems, and broken files.
func fuzzSeeds(t testing.TB) map[string][]byte {
	example := bookBytes(t, exampleSpec)
	small := bookBytes(t, `
[Assumptions]
Assumption | Value | Unit | Note
As of date | 2026-06-30 | | mixed dates
BTC price | =6*10000 | USD |
[Miners]
Ticker | Share price | Shares outstanding | Cash (USD bn) | BTC held
EX | 20 | 100 | 0.3 | 1,000
[Projects]
Ticker | Project | Status | IT MW | Start date
ex | P1 | Energised | =A1 | 03/04/2026
[Scenarios]
Scenario | Equity | NOI margin
S | 1 | 7
`)
	return map[string][]byte{
		"example":        example,
		"example-stored": stored(t, example),
		"small-stored":   stored(t, small),
		"truncated":      example[:len(example)/3],
		"ole2":           ole2("EncryptionInfo", "EncryptedPackage"),
		"ods":            zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}),
		"text":           []byte("Ticker,Cash\nEX,300\n"),
	}
}

// TestFuzzSeeds keeps the committed seed corpus in step with fuzzSeeds (go test -run FuzzSeeds -fuzzseeds).
func TestFuzzSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -fuzzseeds to rewrite the seed corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzRead")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range fuzzSeeds(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

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
