package input

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"minergap/internal/testkit"
)

// zipBomb builds a workbook-shaped zip whose sheet declares (honestly or not) a size far
// beyond what its few compressed bytes suggest.
func zipBomb(t testing.TB, declared uint64, real int) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	chunk := bytes.Repeat([]byte("<row/>"), 1<<16)
	crc := crc32.NewIEEE()
	for n := 0; n < real; n += len(chunk) {
		fw.Write(chunk)
		crc.Write(chunk)
	}
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Miners" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>`},
	} {
		w, _ := zw.Create(e[0])
		w.Write([]byte(e[1]))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

// rezip rewrites one part of a zip archive.
func rezip(t testing.TB, data []byte, part string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, zf := range zr.File {
		b := testkit.ReadEntry(t, zf)
		if zf.Name == part {
			b, found = []byte(edit(string(b))), true
		}
		w, _ := zw.Create(zf.Name)
		w.Write(b)
	}
	zw.Close()
	if !found {
		t.Fatalf("no part %s", part)
	}
	return buf.Bytes()
}

// TestReadHostile feeds Read the files SPEC §6 lists: each is one error naming the file, with
// no panic. Time and memory are logged, not asserted.
func TestReadHostile(t *testing.T) {
	example := bookBytes(t, exampleSpec)
	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}
	// farCell puts a value at XFD1048576 on Miners (sheet2.xml), editing the XML: building it
	// with excelize's in-memory API would itself take a gigabyte.
	farCell := rezip(t, example, "xl/worksheets/sheet2.xml", func(x string) string {
		return strings.Replace(x, "</sheetData>", `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>`, 1)
	})
	tallSheet := func(rows int) []byte {
		f, err := excelize.OpenReader(bytes.NewReader(example))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		f.DeleteSheet("Projects")
		f.NewSheet("Projects")
		sw, _ := f.NewStreamWriter("Projects")
		sw.SetRow("A1", []any{"Ticker", "Project", "Status", "IT MW"})
		for r := 2; r <= rows; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			sw.SetRow(cell, []any{"EX", r, "Pipeline", 1})
		}
		sw.Flush()
		var buf bytes.Buffer
		f.Write(&buf)
		return buf.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		want string // the whole error text
	}{
		{"empty", nil, "h.xlsx: is empty; give an .xlsx workbook"},
		{"random bytes", random, "h.xlsx: is not an .xlsx workbook (it is not a zip archive); give a workbook saved as .xlsx"},
		{"text file", []byte("Ticker,Cash\nEX,300\n"), "h.xlsx: is not an .xlsx workbook (it is not a zip archive); give a workbook saved as .xlsx"},
		{"truncated zip", example[:len(example)/2], "h.xlsx: is a damaged or truncated .xlsx file (zip: not a valid zip file); copy it again or save it again from Excel"},
		{"legacy xls", testkit.OLE2("Workbook", "\x05SummaryInformation"), "h.xlsx: is a legacy .xls workbook (an OLE2 file), not .xlsx; open it in Excel or LibreOffice and save it as .xlsx"},
		{"password-protected", testkit.OLE2("EncryptionInfo", "EncryptedPackage"), "h.xlsx: is password-protected; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save it again"},
		{"ods", testkit.Zip([2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, [2]string{"content.xml", "<office:document-content/>"}),
			"h.xlsx: is an OpenDocument spreadsheet (.ods), not .xlsx; open it in LibreOffice and save it as .xlsx"},
		{"docx", testkit.Zip([2]string{"word/document.xml", "<w:document/>"}), "h.xlsx: is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml); give a workbook saved as .xlsx"},
		{"zip bomb, declared", zipBomb(t, 10<<30, 1<<20), "h.xlsx: unzips to 10240 MB, above the 256 MB limit (a zip bomb or a far too large workbook)"},
		{"zip bomb, understated", zipBomb(t, 1<<10, 64<<20), "h.xlsx: is a damaged .xlsx file (a part does not match its recorded size or checksum); copy it again or save it again from Excel"},
		{"cell at XFD1048576", farCell, "h.xlsx:Miners: the sheet has values below row 100000 (row 1048576), past the 100000-row limit; split the workbook or delete the rows below the data"},
		{"200,000-row sheet", tallSheet(200000), "h.xlsx:Projects: the sheet has values below row 100000 (row 200000), past the 100000-row limit; split the workbook or delete the rows below the data"},
	}
	if dir := os.Getenv("MINERGAP_HOSTILE_DIR"); dir != "" {
		// Keep the files, to measure a whole process on each (its maximum RSS).
		for i, tt := range tests {
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d-%s.xlsx", i, strings.ReplaceAll(tt.name, " ", "-"))), tt.data, 0o644)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			b, err := ReadBytes("h.xlsx", tt.data)
			elapsed := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			t.Logf("%s: %d bytes in, %v, %d MB allocated", tt.name, len(tt.data), elapsed.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
			if b != nil {
				t.Errorf("a book came back")
			}
			got := errorLines(err)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

// TestReadFarColumn: a stray value far to the right is ignored with a warning, not a hang.
func TestReadFarColumn(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(bookBytes(t, exampleSpec)))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Miners", "XFD2", "stray")
	var buf bytes.Buffer
	f.Write(&buf)
	f.Close()
	b, err := ReadBytes("far.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := universeText(b.Universe), universeText(exampleUniverse()); got != want {
		t.Errorf("universe differs: %s", testkit.Diff(want, got))
	}
	if !logHas(b, "values in columns without a header are ignored") {
		t.Errorf("no warning for XFD2:\n%s", logText(b))
	}
}

func TestReadPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ex.xlsx")
	if err := os.WriteFile(path, bookBytes(t, exampleSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.Path != path || b.File != "ex.xlsx" {
		t.Errorf("path %q file %q", b.Path, b.File)
	}
	_, err = Read(filepath.Join(dir, "none.xlsx"))
	if got := errorLines(err); len(got) != 1 || got[0] != "none.xlsx: cannot open the file: no such file or directory" {
		t.Errorf("missing file: %q", got)
	}
}

// TestReadFormattedRows: formatted but empty cells far below the data are not values; the row
// limit does not count them.
func TestReadFormattedRows(t *testing.T) {
	data := rezip(t, bookBytes(t, exampleSpec), "xl/worksheets/sheet2.xml", func(x string) string {
		return strings.Replace(x, "</sheetData>", `<row r="150000"><c r="A150000" s="0"/><c r="XFD150000" s="0"></c></row><row r="1048576" hidden="1"/></sheetData>`, 1)
	})
	b, err := ReadBytes("fmt.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := universeText(b.Universe), universeText(exampleUniverse()); got != want {
		t.Errorf("universe differs: %s", testkit.Diff(want, got))
	}
}
