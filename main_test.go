package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"

	"minergap/xlsx"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"minergap": main})
}

// TestScript runs the end-to-end scripts of testdata/script: the real command on real files.
// $REPO is the repository's root, for the sample workbook.
func TestScript(t *testing.T) {
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			env.Setenv("REPO", repo)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"mkxlsx":   cmdMkxlsx,
			"mkbroken": cmdMkbroken,
			"dumpxlsx": cmdDumpxlsx,
		},
	})
}

// cmdMkxlsx builds a workbook from a text spec (see xlsx.TextBook): mkxlsx spec.txt out.xlsx
func cmdMkxlsx(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkxlsx spec.txt out.xlsx")
	}
	var buf bytes.Buffer
	ts.Check(xlsx.TextBook(&buf, ts.ReadFile(args[0])))
	writeScriptFile(ts, args[1], buf.Bytes())
}

// cmdDumpxlsx prints a workbook as canonical text (see xlsx.Dump), for stdout checks: dumpxlsx book.xlsx
func cmdDumpxlsx(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: dumpxlsx book.xlsx")
	}
	f, err := os.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	defer f.Close()
	d, err := xlsx.Dump(f)
	ts.Check(err)
	_, err = io.WriteString(ts.Stdout(), d)
	ts.Check(err)
}

// cmdMkbroken writes a hostile file of the given kind: mkbroken kind out.xlsx
func cmdMkbroken(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mkbroken random|truncated|xls|encrypted|zipbomb|ods|farcell out.xlsx")
	}
	data, err := brokenFile(args[0])
	ts.Check(err)
	writeScriptFile(ts, args[1], data)
}

// writeScriptFile writes a file of a script, creating its folder.
func writeScriptFile(ts *testscript.TestScript, name string, data []byte) {
	p := ts.MkAbs(name)
	ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
	ts.Check(os.WriteFile(p, data, 0o644))
}

// brokenFile returns the bytes of a file a reader must refuse with a clear message.
func brokenFile(kind string) ([]byte, error) {
	switch kind {
	case "random":
		// fixed bytes, so the test is the same every run
		b := make([]byte, 4096)
		x := uint32(2463534242)
		for i := range b {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			b[i] = byte(x)
		}
		return b, nil
	case "truncated":
		good, err := farCellBook(false)
		if err != nil {
			return nil, err
		}
		return good[:len(good)/2], nil
	case "xls":
		// an OLE2 compound file header, as a legacy .xls renamed to .xlsx starts
		return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...), nil
	case "encrypted":
		// a password-protected workbook is an OLE2 file holding an EncryptionInfo stream, whose
		// directory entry names it in UTF-16LE
		b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
		for _, r := range "EncryptionInfo" {
			b = append(b, byte(r), 0)
		}
		return append(b, make([]byte, 512)...), nil
	case "zipbomb":
		// a workbook-shaped zip whose sheet unzips to a terabyte: its header says so, as a real
		// bomb's does; the few bytes stored never get read that far
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
			w, err := zw.Create(name)
			if err != nil {
				return nil, err
			}
			w.Write([]byte(`<?xml version="1.0"?><x/>`))
		}
		var packed bytes.Buffer
		fw, err := flate.NewWriter(&packed, flate.BestCompression)
		if err != nil {
			return nil, err
		}
		fw.Write(make([]byte, 1<<20))
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1 << 40})
		if err != nil {
			return nil, err
		}
		w.Write(packed.Bytes())
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case "ods":
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
		if err != nil {
			return nil, err
		}
		w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
		if w, err = zw.Create("content.xml"); err != nil {
			return nil, err
		}
		w.Write([]byte(`<?xml version="1.0"?><office:document-content/>`))
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case "farcell":
		return farCellBook(true)
	}
	return nil, errors.New("unknown kind " + kind + "; use random, truncated, xls, encrypted, zipbomb, ods or farcell")
}

// farCellBook is a workbook with an input-shaped Miners sheet; far puts a value at XFD1048576.
// It streams the sheet: an in-memory sheet would hold every row up to the far one.
func farCellBook(far bool) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Miners"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Miners")
	if err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", []any{"Ticker", "Share price", "Shares outstanding", "Cash"}); err != nil {
		return nil, err
	}
	if err := sw.SetRow("A2", []any{"EX", 20, 100, 300}); err != nil {
		return nil, err
	}
	if far {
		if err := sw.SetRow("XFD1048576", []any{"far"}); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
