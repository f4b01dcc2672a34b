package input

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"minergap/model"
)

// bigBook is the example workbook with its Projects sheet grown to n rows, every column of
// Tables filled.
func bigBook(b testing.TB, n int) []byte {
	f, err := excelize.OpenReader(bytes.NewReader(bookBytes(b, exampleSpec)))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	f.DeleteSheet(model.TableProjects)
	f.NewSheet(model.TableProjects)
	sw, err := f.NewStreamWriter(model.TableProjects)
	if err != nil {
		b.Fatal(err)
	}
	var head []any
	for _, c := range Tables[2].Columns {
		head = append(head, c.Name)
	}
	sw.SetRow("A1", head)
	for r := 2; r <= n+1; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{"EX", fmt.Sprintf("P%d", r), "Contracted", "Colocation", 100, 10.5, 28, 100,
			46203, 46477, "Tenant", 2000, 10, 100, 0.85, 200, 0.8, 0.075, 0.5, 0, "Y", "https://example.com", "note"})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

var (
	bigOnce sync.Once
	bigData []byte
)

const bigRows = 20000

// BenchmarkRead reads a workbook of 20,000 projects × 21 columns. BenchmarkReadFloor streams
// the same cells with excelize alone (raw values, nothing parsed): the ratio of the two is the
// reader's overhead.
func BenchmarkRead(b *testing.B) {
	bigOnce.Do(func() { bigData = bigBook(b, bigRows) })
	b.SetBytes(int64(len(bigData)))
	b.ReportAllocs()
	for b.Loop() {
		book, err := ReadBytes("big.xlsx", bigData)
		if err != nil {
			b.Fatal(err)
		}
		if len(book.Universe.Projects) != bigRows {
			b.Fatalf("%d projects", len(book.Universe.Projects))
		}
	}
}

func BenchmarkReadFloor(b *testing.B) {
	bigOnce.Do(func() { bigData = bigBook(b, bigRows) })
	b.SetBytes(int64(len(bigData)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(bigData))
		if err != nil {
			b.Fatal(err)
		}
		cells := 0
		for _, sheet := range f.GetSheetList() {
			rows, err := f.Rows(sheet)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				row, err := rows.Columns(excelize.Options{RawCellValue: true})
				if err != nil {
					b.Fatal(err)
				}
				cells += len(row)
			}
			rows.Close()
		}
		f.Close()
		if cells < bigRows*21 {
			b.Fatalf("%d cells", cells)
		}
	}
}
