// Command fuzzseeds writes the seed corpus of the reader's fuzz test FuzzRead: a valid small
// workbook (deflated and stored), one with formulas, units and problems, and broken files.
// Run by go generate in xlsx/input; the corpus it writes is committed.
//
//	go run ./internal/cmd/fuzzseeds xlsx/input/testdata/fuzz/FuzzRead
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"minergap/internal/fixture"
	"minergap/internal/testkit"
	"minergap/xlsx"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: fuzzseeds DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for name, data := range seeds() {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(body), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// book is the workbook a text spec describes (xlsx.TextBook).
func book(spec string) []byte {
	var buf bytes.Buffer
	if err := xlsx.TextBook(&buf, spec); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// fuzzSeeds are a valid small workbook (deflated and stored), one with formulas and units,
// one with problems, and broken files.
func seeds() map[string][]byte {
	example := book(fixture.WorkedExampleSpec)
	small := book(`
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
		"example-stored": testkit.Stored(example),
		"small-stored":   testkit.Stored(small),
		"truncated":      example[:len(example)/3],
		"ole2":           testkit.OLE2("EncryptionInfo", "EncryptedPackage"),
		"ods":            testkit.Zip([2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}),
		"text":           []byte("Ticker,Cash\nEX,300\n"),
	}
}
