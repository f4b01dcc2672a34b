package input

import (
	"archive/zip"
	"bufio"
	"bytes"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"minergap/xlsx"
)

// The raw values the reader streams lose two facts a value's meaning depends on (SPEC §2
// "Values"): a TRUE/FALSE cell reads as 1 or 0, and a date cell as its serial. Both live in the
// worksheet's XML, a boolean in the cell's type (t="b") and a date in its style's number format,
// so the reader looks them up there, and only for a value that could be one of them (a 0 or a 1,
// a number in a text field): most sheets are never scanned.

// cellKind is what a cell's XML says it holds, beyond its raw value.
type cellKind byte

const (
	kindPlain cellKind = iota
	kindBool           // t="b": TRUE or FALSE
	kindDate           // a number whose style shows a date or a time, or t="d"
)

// maxStyles bounds the cell styles examined for date formats (Excel's own limit).
const maxStyles = 64000

// kindOf returns the kind of the cell at p, scanning its sheet's XML the first time.
func (r *reader) kindOf(p xlsx.Pos) cellKind {
	if p.Row <= 0 || p.Col <= 0 {
		return kindPlain
	}
	if r.kinds == nil {
		r.kinds = map[string][]uint64{}
	}
	cells, ok := r.kinds[p.Sheet]
	if !ok {
		if part, known := r.parts[p.Sheet]; known {
			cells = scanKinds(part.File, r.dateStyleSet())
		}
		r.kinds[p.Sheet] = cells
	}
	key := cellKey(p.Row, p.Col, 0)
	i, _ := slices.BinarySearch(cells, key)
	if i < len(cells) && cells[i]&^3 == key {
		return cellKind(cells[i] & 3)
	}
	return kindPlain
}

// cellKey packs a cell and its kind into one sortable number: row, column (up to XFD, 14 bits),
// kind (2 bits).
func cellKey(row, col int, k cellKind) uint64 {
	return uint64(row)<<16 | uint64(col)<<2 | uint64(k)
}

// dateStyleSet returns the workbook's cell styles whose number format shows a date or a time.
func (r *reader) dateStyleSet() map[int]bool {
	if r.dateStyles != nil {
		return r.dateStyles
	}
	r.dateStyles = map[int]bool{}
	for i := range maxStyles {
		st, err := r.f.GetStyle(i)
		if err != nil {
			break
		}
		if dateFormatID(st.NumFmt) || st.CustomNumFmt != nil && dateFormatCode(*st.CustomNumFmt) {
			r.dateStyles[i] = true
		}
	}
	return r.dateStyles
}

// dateFormatID reports whether a built-in number format shows a date or a time (ECMA-376
// 18.8.30, with the East Asian ids Excel adds).
func dateFormatID(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 ||
		id >= 50 && id <= 58 || id >= 71 && id <= 81
}

// dateFormatCode reports whether a custom number format code shows a date or a time: once its
// quoted text, escaped characters, [colour] and [$-locale] parts and "General" are dropped, a
// y, m, d, h or s is left (numbers' formats use none of them; the exponent is E).
func dateFormatCode(code string) bool {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*':
			i++ // the next character is literal (or a padding or fill character)
		case '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				i = len(code)
				break
			}
			switch strings.ToLower(code[i+1 : i+j]) {
			case "h", "hh", "m", "mm", "s", "ss": // elapsed time
				b.WriteByte('h')
			}
			i += j
		default:
			b.WriteByte(c)
		}
	}
	s := strings.ReplaceAll(strings.ToLower(b.String()), "general", "")
	return strings.ContainsAny(s, "ymdhs")
}

// scanKinds scans a worksheet's XML for its boolean cells and its date cells (dateStyles are the
// date styles) and returns them as sorted cellKeys. A byte scan, as xlsx.LastRow: far cheaper
// than the XML decoder. It follows excelize in placing a cell without an r attribute after the
// previous one.
func scanKinds(zf *zip.File, dateStyles map[int]bool) []uint64 {
	if zf == nil {
		return nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<16)
	var (
		out      []uint64
		row, col int
		tag      []byte
	)
	for {
		name, ok := xlsx.NextTag(br)
		if !ok {
			slices.Sort(out)
			return out
		}
		if string(name) != "row" && string(name) != "c" {
			continue
		}
		if tag, ok = xlsx.ReadTag(br, tag[:0]); !ok {
			slices.Sort(out)
			return out
		}
		if string(name) == "row" {
			row, col = row+1, 0
			if v, ok := number(attr(tag, "r")); ok && v > 0 {
				row = v
			}
			continue
		}
		col++
		if ref := attr(tag, "r"); ref != nil {
			c, rw, ok := cellName(ref)
			if !ok {
				continue
			}
			col, row = c, rw
		}
		kind := kindPlain
		switch t := attr(tag, "t"); string(t) {
		case "b":
			kind = kindBool
		case "d":
			kind = kindDate
		case "", "n":
			if s, ok := number(attr(tag, "s")); ok && dateStyles[s] {
				kind = kindDate
			}
		}
		if kind != kindPlain && row > 0 && col > 0 {
			out = append(out, cellKey(row, col, kind))
		}
	}
}

// cellName parses a cell reference such as AB12 into its column and row.
func cellName(ref []byte) (col, row int, ok bool) {
	i := 0
	for ; i < len(ref) && i < 3; i++ {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	row, ok = number(ref[i:])
	return col, row, ok && i > 0 && col <= excelize.MaxColumns && row > 0 && row <= excelize.TotalRows
}

// number parses a small decimal number without a sign.
func number(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// attr returns the value of a tag's attribute, quoted either way; nil when absent.
func attr(tag []byte, name string) []byte {
	for i := 0; i < len(tag); {
		j := bytes.Index(tag[i:], []byte(name))
		if j < 0 {
			return nil
		}
		j += i
		i = j + len(name)
		if j == 0 || !isSpace(tag[j-1]) || i+1 >= len(tag) || tag[i] != '=' {
			continue
		}
		q := tag[i+1]
		if q != '"' && q != '\'' {
			continue
		}
		if k := bytes.IndexByte(tag[i+2:], q); k >= 0 {
			return tag[i+2 : i+2+k]
		}
		return nil
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
