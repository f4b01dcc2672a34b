package review

import (
	"bytes"
	"io"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkWriteLarge marks 1,000 cells, a tenth of them blank, of a 100,000-row sheet of
// 20 columns: the cost is one pass over the sheet's XML and the copy of the rest.
func BenchmarkWriteLarge(b *testing.B) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	row := make([]any, 20)
	for r := 1; r <= 100000; r++ {
		for c := range row {
			if c%2 == 0 {
				row[c] = r * c
			} else {
				row[c] = "text " + strconv.Itoa(c)
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	if err := f.Write(&in); err != nil {
		b.Fatal(err)
	}
	var problems []Problem
	for i := 0; i < 1000; i++ {
		problems = append(problems, Problem{Sheet: "Sheet1", Row: 1 + i*97, Col: 1 + i%22, Warning: i%3 == 0, Message: "problem " + strconv.Itoa(i)})
	}
	b.SetBytes(int64(in.Len()))
	b.ResetTimer()
	for b.Loop() {
		if err := Write(in.Bytes(), io.Discard, problems); err != nil {
			b.Fatal(err)
		}
	}
}
