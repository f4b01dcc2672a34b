package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand/v2"
	"strconv"
	"testing"

	"minergap/internal/workers"
)

// TestZipWriter writes parts of every size class around the chunk size, with and without free
// slots, and reads them back with archive/zip, which checks each part's checksum and size: the
// chunks laid end to end must be one deflate stream. Both runs must give the same bytes.
func TestZipWriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 3*zipChunk+zipChunk/2)
	for i := range noise {
		noise[i] = byte(rng.IntN(256))
	}
	var rows bytes.Buffer
	for i := 0; rows.Len() < 5*zipChunk; i++ {
		rows.WriteString(`<row r="` + strconv.Itoa(i) + `"><c r="A1" s="3"><f>B2*C2</f><v>42.5</v></c></row>`)
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"empty.xml", nil},
		{"small.xml", []byte("<a/>")},
		{"chunk.xml", rows.Bytes()[:zipChunk]},
		{"chunk1.xml", rows.Bytes()[:zipChunk+1]},
		{"noise.bin", noise},
		{"rows.xml", rows.Bytes()},
	}
	save := func(pool *workers.Pool) []byte {
		var out bytes.Buffer
		z := NewZipWriter(&out, pool)
		for _, p := range parts {
			w, err := z.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			// Writes of uneven sizes, as io.Copy from a file and excelize's own writes give.
			for data := p.data; len(data) > 0; {
				n := min(len(data), 1+rng.IntN(70000))
				if _, err := w.Write(data[:n]); err != nil {
					t.Fatal(err)
				}
				data = data[n:]
			}
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	alone, shared := save(nil), save(workers.New(4))
	if !bytes.Equal(alone, shared) {
		t.Errorf("the archive deflated on four slots differs from the one deflated on one")
	}
	zr, err := zip.NewReader(bytes.NewReader(shared), int64(len(shared)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(parts) {
		t.Fatalf("%d parts, want %d", len(zr.File), len(parts))
	}
	for i, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // a checksum or size mismatch is an error here
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", zf.Name, err)
		}
		if zf.Name != parts[i].name || !bytes.Equal(got, parts[i].data) {
			t.Errorf("part %d: %s of %d bytes, want %s of %d", i, zf.Name, len(got), parts[i].name, len(parts[i].data))
		}
	}
	// The chunks cost little: the rows deflate within 1% of archive/zip's own single stream.
	var one bytes.Buffer
	zw := zip.NewWriter(&one)
	w, _ := zw.Create("rows.xml")
	w.Write(rows.Bytes())
	zw.Close()
	if own := zr.File[len(parts)-1].CompressedSize64; float64(own) > 1.01*float64(one.Len()) {
		t.Errorf("rows deflated to %d bytes in chunks, archive/zip gives %d", own, one.Len())
	}
}
