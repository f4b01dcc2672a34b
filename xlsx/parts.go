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

// MaxXMLMemory is the most bytes of one part kept in memory: a worksheet above it streams from a
// temporary file when excelize reads it, and a small part (workbook, rels) above it is not read.
const MaxXMLMemory = 16 << 20

// Part is what a quick look at a worksheet's XML tells before excelize parses it.
type Part struct {
	Size uint64    // unzipped bytes
	File *zip.File // the zip entry, for LastRow and for copying it raw
}

// Parts maps each sheet name to its worksheet part, read straight from the zip: the parts'
// sizes decide whether formulas may be looked up, and their last rows (LastRow) let a sheet
// past the row limit fail before any of its rows is parsed. Anything it cannot make out is left out; the
// streaming read checks again.
func Parts(zr *zip.Reader) map[string]Part {
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))] = zf
	}
	wb, rels := files["xl/workbook.xml"], files["xl/_rels/workbook.xml.rels"]
	if wb == nil || rels == nil {
		return nil
	}
	targets := map[string]string{} // relationship id → part name
	xmlElements(rels, "Relationship", func(attr map[string]string) {
		t := strings.ReplaceAll(attr["Target"], "\\", "/")
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[attr["Id"]] = strings.ToLower(t)
	})
	parts := map[string]Part{}
	xmlElements(wb, "sheet", func(attr map[string]string) {
		zf := files[targets[attr["id"]]]
		if zf == nil || attr["name"] == "" {
			return
		}
		parts[attr["name"]] = Part{Size: zf.UncompressedSize64, File: zf}
	})
	return parts
}

// xmlElements calls fn with the attributes (by local name) of every element named local in
// a small XML part.
func xmlElements(zf *zip.File, local string, fn func(map[string]string)) {
	if zf.UncompressedSize64 > MaxXMLMemory {
		return
	}
	rc, err := zf.Open()
	if err != nil {
		return
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, MaxXMLMemory))
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

// LastRow scans a worksheet's XML for its last row holding a value or a formula (a row of
// formatted empty cells does not count) without parsing it: a byte scan, much cheaper than the
// XML decoder.
func LastRow(zf *zip.File) int {
	last, _ := ScanSheet(zf)
	return last
}

// ScanSheet reads a worksheet part once, tag by tag, for its last row that holds a value, a
// formula or inline text (as LastRow), and whether any cell holds a formula.
func ScanSheet(zf *zip.File) (last int, formulas bool) {
	if zf == nil {
		return 0, false
	}
	rc, err := zf.Open()
	if err != nil {
		return 0, true // unread: a formula may be there
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<16)
	cur := 0
	var tag []byte
	for {
		name, ok := NextTag(br)
		if !ok {
			return last, formulas
		}
		switch string(name) {
		case "v", "f", "is":
			last = max(last, cur)
			formulas = formulas || string(name) == "f"
			continue
		case "row":
		default:
			continue
		}
		if tag, ok = ReadTag(br, tag[:0]); !ok {
			return last, formulas
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

// NextTag reads br up to the next element's start and returns the element's local name (its
// namespace prefix dropped), without parsing: a byte scan for the XML of a large sheet. The name
// is valid until br is read again; ok is false at the end of the part.
func NextTag(br *bufio.Reader) (name []byte, ok bool) {
	for {
		_, err := br.ReadSlice('<')
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			return nil, false
		}
	}
	name, _ = br.Peek(24)
	if i := bytes.IndexAny(name, " >/\t\r\n"); i >= 0 {
		name = name[:i]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return name, true
}

// ReadTag appends to buf the rest of the element NextTag found, up to and including its '>', and
// returns it; ok is false at the end of the part or for a tag above 64 KiB.
func ReadTag(br *bufio.Reader, buf []byte) (tag []byte, ok bool) {
	for {
		chunk, err := br.ReadSlice('>')
		buf = append(buf, chunk...)
		if err == nil {
			return buf, true
		}
		if err != bufio.ErrBufferFull || len(buf) > 1<<16 {
			return buf, false
		}
	}
}

// CopyRaw copies the zip entry zf into zw as it is, still compressed, under the name name.
func CopyRaw(zw *zip.Writer, zf *zip.File, name string) error {
	hdr := zf.FileHeader
	hdr.Name = name
	dst, err := zw.CreateRaw(&hdr)
	if err != nil {
		return err
	}
	src, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	return err
}
