package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strconv"
	"strings"
)

// readPart is what a quick look at a worksheet's XML tells before excelize parses it.
type readPart struct {
	size uint64    // unzipped bytes
	zf   *zip.File // for readLastRow
}

// readParts maps each sheet name to its worksheet part, read straight from the zip: the parts'
// sizes decide whether formulas may be looked up, and their last rows (readLastRow) let a sheet
// past the row limit fail before any of its rows is parsed. Anything it cannot make out is left out; the
// streaming read checks again.
func readParts(zr *zip.Reader) map[string]readPart {
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))] = zf
	}
	wb, rels := files["xl/workbook.xml"], files["xl/_rels/workbook.xml.rels"]
	if wb == nil || rels == nil {
		return nil
	}
	targets := map[string]string{} // relationship id → part name
	readXMLElements(rels, "Relationship", func(attr map[string]string) {
		t := strings.ReplaceAll(attr["Target"], "\\", "/")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[attr["Id"]] = strings.ToLower(t)
	})
	parts := map[string]readPart{}
	readXMLElements(wb, "sheet", func(attr map[string]string) {
		zf := files[targets[attr["id"]]]
		if zf == nil || attr["name"] == "" {
			return
		}
		parts[attr["name"]] = readPart{size: zf.UncompressedSize64, zf: zf}
	})
	return parts
}

// readXMLElements calls fn with the attributes (by local name) of every element named local in
// a small XML part.
func readXMLElements(zf *zip.File, local string, fn func(map[string]string)) {
	if zf.UncompressedSize64 > readMaxXMLMemory {
		return
	}
	rc, err := zf.Open()
	if err != nil {
		return
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, readMaxXMLMemory))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			attr := map[string]string{}
			for _, a := range se.Attr {
				attr[a.Name.Local] = a.Value
			}
			fn(attr)
		}
	}
}

// readLastRow scans a worksheet's XML for its last row holding a value or a formula (a row of
// formatted empty cells does not count) without parsing it: a byte scan, much cheaper than the
// XML decoder.
func readLastRow(zf *zip.File) int {
	if zf == nil {
		return 0
	}
	rc, err := zf.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<16)
	last, cur := 0, 0
	var tag []byte
	for {
		for {
			_, err := br.ReadSlice('<')
			if err == nil {
				break
			}
			if err != bufio.ErrBufferFull {
				return last
			}
		}
		head, _ := br.Peek(24)
		name := head
		if i := bytes.IndexAny(name, " >/\t\r\n"); i >= 0 {
			name = name[:i]
		}
		if i := bytes.IndexByte(name, ':'); i >= 0 {
			name = name[i+1:]
		}
		switch string(name) {
		case "v", "f", "is":
			last = max(last, cur)
			continue
		case "row":
		default:
			continue
		}
		tag = tag[:0]
		for {
			chunk, err := br.ReadSlice('>')
			tag = append(tag, chunk...)
			if err == nil {
				break
			}
			if err != bufio.ErrBufferFull || len(tag) > 1<<16 {
				return last
			}
		}
		cur++
		if i := bytes.Index(tag, []byte(` r="`)); i >= 0 {
			rest := tag[i+4:]
			if j := bytes.IndexByte(rest, '"'); j > 0 {
				if v, err := strconv.Atoi(string(rest[:j])); err == nil {
					cur = v
				}
			}
		}
	}
}
