package xlsx

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
		var l ErrorList
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
