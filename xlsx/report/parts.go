package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"minergap/xlsx"
)

// Miner sheets are written apart from the rest of the workbook. excelize keeps every streamed
// sheet smaller than its 16 MiB chunk in memory until the whole workbook is saved, and a
// universe of a thousand miners has a thousand such sheets (about 150 MB of XML). So the miner
// sheets are streamed a batch at a time into a workbook of their own, with the same styles,
// which is saved at once; their worksheet parts, still compressed, replace the empty miner
// sheets of the main workbook when it is saved. A miner sheet refers to other sheets only by
// name in its formulas, and holds no part of its own (no notes, links or drawings), so its
// worksheet part is the same wherever it was written.

// batchCells is about how many cells one side workbook holds, which bounds the miner XML in
// memory at once (about 70 bytes a cell, so some 9 MB per batch being written) whatever the
// shape of the universe: some 60 miners of 10 projects and 5 scenarios, or one miner of a thousand
// projects. Its fixed cost (a new workbook, its styles, its zip) stays small beside its sheets.
const batchCells = 1 << 17

// minerCells is about how many cells miner i's sheet has: its sources-and-uses and financing
// lines across the scopes and scenarios, and a project block per scenario and the base case.
func (ow *writer) minerCells(i int) int {
	cols := 4 + len(ow.r.Scenarios)
	blocks := 1 + len(ow.r.Scenarios)
	return (msCount+len(minerFinancing)+4)*cols + blocks*(len(ow.r.Miners[i].Projects)+2)*len(projectHeaders)
}

// batches cuts the miners into runs [lo, hi) of about maxCells cells, each of one miner's sheet
// at least; the miners without a sheet in a run are skipped.
func (ow *writer) batches(maxCells int) [][2]int {
	var runs [][2]int
	lo, cells := 0, 0
	for i := range ow.r.Miners {
		if ow.minerSheet[i] == "" {
			continue // no sheet (MaxMinerSheets)
		}
		c := ow.minerCells(i)
		if cells > 0 && cells+c > maxCells {
			runs = append(runs, [2]int{lo, i})
			lo, cells = i, 0
		}
		cells += c
	}
	if cells > 0 {
		runs = append(runs, [2]int{lo, len(ow.r.Miners)})
	}
	return runs
}

// part is a worksheet part as stored in a zip: its header and its compressed bytes, and its
// print titles, a defined name of the workbook rather than a part of the sheet's own.
type part struct {
	hdr    zip.FileHeader
	raw    []byte
	titles string
}

// registerStyles registers the output's named styles and conditional formats in f, in the same
// order in every workbook, so that a style has the same id in each.
func registerStyles(f *excelize.File) (st *xlsx.Styles, flag, fail, pass int, err error) {
	if st, err = xlsx.NewStyles(f); err != nil {
		return nil, 0, 0, 0, err
	}
	if flag, err = xlsx.FlagFormat(f); err != nil {
		return nil, 0, 0, 0, err
	}
	if fail, err = xlsx.FailFormat(f); err != nil {
		return nil, 0, 0, 0, err
	}
	if pass, err = xlsx.PassFormat(f); err != nil {
		return nil, 0, 0, 0, err
	}
	return st, flag, fail, pass, nil
}

// writeSheets streams every sheet, each on its own and at once on the slots of the run's pool
// that are free, the largest first: the main workbook's sheets, and the miner sheets in batches
// of about maxCells cells, each batch a workbook of its own. It returns the miner sheets' parts by
// sheet name.
func (ow *writer) writeSheets(maxCells int) (map[string]part, error) {
	runs := ow.batches(maxCells)
	parts := make([]map[string]part, len(runs))
	jobs := []func() error{ow.writeTimeline, ow.writeSensitivity}
	for b, run := range runs {
		jobs = append(jobs, func() (err error) {
			parts[b], err = ow.writeMinerBatch(run[0], run[1])
			return err
		})
	}
	jobs = append(jobs, ow.writeInputs, ow.writeScenarios, ow.writeChecks, ow.writeSummary, ow.writeCover, ow.writeLog)
	if err := ow.o.Pool.Each(len(jobs), func(k int) error { return jobs[k]() }); err != nil {
		return nil, err
	}
	all := make(map[string]part, len(ow.minerSheet))
	for _, p := range parts {
		maps.Copy(all, p)
	}
	return all, nil
}

// writeMinerBatch writes the sheets of miners lo..hi-1 into a side workbook and returns their
// parts.
func (ow *writer) writeMinerBatch(lo, hi int) (map[string]part, error) {
	f := newFile(ow.o)
	defer f.Close()
	side := *ow
	side.f, side.fmu, side.fin = f, new(sync.Mutex), newFinisher()
	var err error
	if side.st, side.flagF, side.failF, side.passF, err = registerStyles(f); err != nil {
		return nil, err
	}
	if !side.st.Same(ow.st) || side.flagF != ow.flagF {
		return nil, fmt.Errorf("miner sheets: styles registered in a different order than the workbook's")
	}
	for i := lo; i < hi; i++ {
		if ow.minerSheet[i] == "" {
			continue
		}
		if _, err := f.NewSheet(ow.minerSheet[i]); err != nil {
			return nil, fmt.Errorf("add sheet %q: %w", ow.minerSheet[i], err)
		}
		if err := side.writeMiner(i); err != nil {
			return nil, err
		}
	}
	if err := side.finish(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("write miner sheets: %w", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, fmt.Errorf("miner sheets: %w", err)
	}
	sheets := xlsx.Parts(zr)
	names := map[string]bool{}
	for _, zf := range zr.File {
		names[zf.Name] = true
	}
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == printTitlesName {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	parts := make(map[string]part, hi-lo)
	for i := lo; i < hi; i++ {
		name := ow.minerSheet[i]
		if name == "" {
			continue
		}
		p, ok := sheets[name]
		if !ok {
			return nil, fmt.Errorf("miner sheets: no part for sheet %q", name)
		}
		if dir, file := path.Split(p.File.Name); names[dir+"_rels/"+file+".rels"] {
			return nil, fmt.Errorf("miner sheets: sheet %q has parts of its own and cannot be moved", name)
		}
		rc, err := p.File.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("miner sheets: %w", err)
		}
		raw := make([]byte, p.File.CompressedSize64)
		if _, err := io.ReadFull(rc, raw); err != nil {
			return nil, fmt.Errorf("miner sheets: %w", err)
		}
		parts[name] = part{hdr: p.File.FileHeader, raw: raw, titles: titles[name]}
	}
	return parts, nil
}

// merge copies the saved main workbook to w, entry by entry and still compressed, putting
// each sheet's part from parts (by sheet name) in place of the main workbook's own, and adding
// their print titles to the workbook's defined names (see addPrintTitles). The entries
// go in a fixed order (partOrder) and [Content_Types].xml is written sorted: excelize saves both
// in the order of a map, and the same inputs must give the same bytes (SOURCE_DATE_EPOCH).
func merge(w io.Writer, main io.ReaderAt, size int64, parts map[string]part) error {
	zr, err := zip.NewReader(main, size)
	if err != nil {
		return fmt.Errorf("write output workbook: %w", err)
	}
	sheets := xlsx.Parts(zr)
	byPath := make(map[string]part, len(parts))
	for name, p := range parts {
		s, ok := sheets[name]
		if !ok {
			return fmt.Errorf("write output workbook: no sheet %q to put the miner sheet in", name)
		}
		byPath[s.File.Name] = p
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool { return partOrder(files[i].Name, files[j].Name) })
	zw := zip.NewWriter(w)
	for _, zf := range files {
		if zf.Name == contentTypesPart {
			if err := writeContentTypes(zw, zf); err != nil {
				return fmt.Errorf("write output workbook: %w", err)
			}
			continue
		}
		if zf.Name == workbookPart {
			if err := addPrintTitles(zw, zf, sheetOrder(zr), parts); err != nil {
				return fmt.Errorf("write output workbook: %w", err)
			}
			continue
		}
		if p, ok := byPath[zf.Name]; ok {
			hdr := p.hdr
			hdr.Name = zf.Name
			dst, err := zw.CreateRaw(&hdr)
			if err != nil {
				return fmt.Errorf("write output workbook: %w", err)
			}
			if _, err := dst.Write(p.raw); err != nil {
				return fmt.Errorf("write output workbook: %w", err)
			}
			delete(byPath, zf.Name)
			continue
		}
		hdr := zf.FileHeader
		dst, err := zw.CreateRaw(&hdr)
		if err != nil {
			return fmt.Errorf("write output workbook: %w", err)
		}
		src, err := zf.OpenRaw()
		if err != nil {
			return fmt.Errorf("write output workbook: %w", err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			return fmt.Errorf("write output workbook: %w", err)
		}
	}
	if len(byPath) > 0 {
		return fmt.Errorf("write output workbook: %d miner sheets found no place", len(byPath))
	}
	return zw.Close()
}

// contentTypesPart is the package's list of part types, which a reader opens first.
const contentTypesPart = "[Content_Types].xml"

// partOrder orders a workbook's parts as Excel saves them: the content types, the package's
// relationships, the document properties, the workbook and its relationships, then every other
// part by name, sheet2 before sheet10.
func partOrder(a, b string) bool {
	ra, rb := partRank(a), partRank(b)
	if ra != rb {
		return ra < rb
	}
	return naturalLess(a, b)
}

func partRank(name string) int {
	switch {
	case name == contentTypesPart:
		return 0
	case name == "_rels/.rels":
		return 1
	case strings.HasPrefix(name, "docProps/"):
		return 2
	case name == "xl/workbook.xml":
		return 3
	case name == "xl/_rels/workbook.xml.rels":
		return 4
	}
	return 5
}

// naturalLess compares names with their runs of digits as numbers: sheet2.xml < sheet10.xml.
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	return len(a) < len(b)
}

func digitRun(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// contentTypes is [Content_Types].xml: a type per file extension and per part.
type contentTypes struct {
	XMLName   xml.Name          `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentDefault  `xml:"Default"`
	Overrides []contentOverride `xml:"Override"`
}

type contentDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type contentOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// writeContentTypes writes the content types of zf to zw with its entries sorted (extensions
// by name, parts in partOrder), whatever order excelize's maps gave them.
func writeContentTypes(zw *zip.Writer, zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var ct contentTypes
	if err := xml.NewDecoder(rc).Decode(&ct); err != nil {
		return fmt.Errorf("%s: %w", contentTypesPart, err)
	}
	sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	sort.SliceStable(ct.Overrides, func(i, j int) bool {
		return partOrder(strings.TrimPrefix(ct.Overrides[i].PartName, "/"), strings.TrimPrefix(ct.Overrides[j].PartName, "/"))
	})
	hdr := zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified}
	dst, err := zw.CreateHeader(&hdr)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(dst, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(dst).Encode(ct)
}

// workbookPart is the workbook's part: its sheets and defined names.
const workbookPart = "xl/workbook.xml"

// sheetOrder is the workbook's sheet names in order.
func sheetOrder(zr *zip.Reader) []string {
	var names []string
	for _, f := range zr.File {
		if f.Name != workbookPart {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil
		}
		defer rc.Close()
		var wb struct {
			Sheets []struct {
				Name string `xml:"name,attr"`
			} `xml:"sheets>sheet"`
		}
		if xml.NewDecoder(rc).Decode(&wb) == nil {
			for _, s := range wb.Sheets {
				names = append(names, s.Name)
			}
		}
	}
	return names
}

// addPrintTitles writes the workbook part zf to zw with the print titles of the miner sheets in
// parts added to its defined names. They are added here, not by excelize's SetDefinedName, which
// looks up every sheet's name for every name already defined: for a thousand miner sheets, a
// thousand million look-ups.
func addPrintTitles(zw *zip.Writer, zf *zip.File, sheets []string, parts map[string]part) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	b, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	var names bytes.Buffer
	for i, name := range sheets {
		p, ok := parts[name]
		if !ok || p.titles == "" {
			continue
		}
		fmt.Fprintf(&names, `<definedName name="%s" localSheetId="%d">`, printTitlesName, i)
		if err := xml.EscapeText(&names, []byte(p.titles)); err != nil {
			return err
		}
		names.WriteString(`</definedName>`)
	}
	if names.Len() > 0 {
		var ok bool
		if b, ok = insertBefore(b, "</definedNames>", names.Bytes()); !ok {
			if b, ok = insertBefore(b, "<calcPr", append(append([]byte("<definedNames>"), names.Bytes()...), "</definedNames>"...)); !ok {
				return fmt.Errorf("%s: no place for the print titles", workbookPart)
			}
		}
	}
	hdr := zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified}
	dst, err := zw.CreateHeader(&hdr)
	if err != nil {
		return err
	}
	_, err = dst.Write(b)
	return err
}

// insertBefore inserts ins into b before the first mark.
func insertBefore(b []byte, mark string, ins []byte) ([]byte, bool) {
	i := bytes.Index(b, []byte(mark))
	if i < 0 {
		return b, false
	}
	out := make([]byte, 0, len(b)+len(ins))
	out = append(out, b[:i]...)
	out = append(out, ins...)
	return append(out, b[i:]...), true
}
