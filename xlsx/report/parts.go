package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"

	"minergap/xlsx"
)

// Every sheet after Summary is written apart from the main workbook. excelize keeps a streamed
// sheet's XML in memory (up to its 16 MiB chunk, and the chunk's buffer after that) until the
// whole workbook is saved, and a universe of a thousand miners has a thousand miner sheets
// (about 150 MB of XML). So the miner sheets are streamed a batch at a time into a workbook of
// their own, and each sheet after them into one of its own, with the same styles, each saved
// as soon as its sheets are written, into a temporary file (spool); their worksheet parts, still
// compressed, are copied from there into the main workbook (Cover and Summary) when it is saved.
// A sheet refers to other sheets only by name, in its formulas, links and charts' series, so its
// part is the same wherever it was written; the parts its
// relationships reach (a chart's drawing and chart, notes and their drawing) are moved with it,
// numbered after the main workbook's, and its own defined names (print titles, its autofilter's
// range) are added to the workbook's.

// batchCells is about how many cells one side workbook holds, which bounds the miner XML in
// memory at once (about 70 bytes a cell, so some 9 MB per batch being written) whatever the
// shape of the universe: some 60 miners of 10 projects and 5 scenarios, or one miner of a thousand
// projects. Its fixed cost (a new workbook, its styles, its zip) stays small beside its sheets.
const batchCells = 1 << 17

// minerCells is about how many cells miner i's sheet has: its sources-and-uses and financing
// lines across the scopes and scenarios, and its project blocks.
func (ow *writer) minerCells(i int) int {
	cols := 4 + len(ow.r.Scenarios)
	blocks := minerLayout{blocks: ow.projectBlocks}.blockCount()
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

// part is a worksheet part as its side workbook stored it (in the spool), its own defined names
// (print titles, its autofilter's range), which the workbook holds rather than the sheet, and
// the parts its relationships reach (notes, drawings, charts), as the side workbook that wrote
// it named them.
type part struct {
	zf    *zip.File
	names []definedName
	rels  []byte    // the sheet's relationships part; nil for none
	own   []ownPart // what rels reaches, and what that reaches in turn
}

// definedName is a sheet's defined name.
type definedName struct {
	name, refersTo string
	hidden         bool
}

// ownPart is a part a sheet's relationships reach: its name in the side workbook, the part as
// the side workbook stored it, its own relationships part (nil for none) and its content type.
type ownPart struct {
	name, ctype string
	zf          *zip.File
	rels        []byte
}

// spool is a temporary file that holds the saved side workbooks, one after the other, until
// merge copies their parts into the output, still compressed. Held in memory instead, they would
// be a quarter of the run's live heap at its peak (some 17 MB at 200 miners). One file holds
// them all, however many there are (a side workbook for each of a thousand large miner sheets),
// and the output is put together from it with a single open file.
type spool struct {
	mu   sync.Mutex
	f    *os.File
	size int64
}

// newSpool creates a spool in dir (the system's temporary folder for "").
func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, "minergap-*.parts")
	if err != nil {
		return nil, fmt.Errorf("write output workbook: %w", err)
	}
	return &spool{f: f}, nil
}

// save saves f to a temporary file of its own, appends that to the spool, and returns the saved
// workbook opened where it lies. (Saved to memory, the workbook would take twice its size there
// at once, as its buffer grows.)
func (s *spool) save(f *excelize.File) (*zip.Reader, error) {
	tmp, err := os.CreateTemp(filepath.Dir(s.f.Name()), "minergap-*.xlsx")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	n, err := f.WriteTo(tmp)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	off := s.size
	_, err = io.Copy(io.NewOffsetWriter(s.f, off), io.NewSectionReader(tmp, 0, n))
	if err == nil {
		s.size += n
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return zip.NewReader(io.NewSectionReader(s.f, off, n), n)
}

// close closes the spool and removes its file.
func (s *spool) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// relsOf is the name of part's relationships part.
func relsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// relationships is a relationships part.
type relationships struct {
	XMLName xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Rels    []struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr,omitempty"`
	} `xml:"Relationship"`
}

// ownParts reads the parts a saved workbook's sheet part reaches through its relationships, and
// what those reach in turn: the sheet's relationships part and the parts, each once.
func ownParts(files map[string]*zip.File, types *contentTypes, sheet string) (rels []byte, own []ownPart, err error) {
	zf := files[relsOf(sheet)]
	if zf == nil {
		return nil, nil, nil
	}
	if rels, err = readPart(zf); err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	var walk func(owner string, b []byte) error
	walk = func(owner string, b []byte) error {
		var rs relationships
		if err := xml.Unmarshal(b, &rs); err != nil {
			return fmt.Errorf("%s: %w", relsOf(owner), err)
		}
		for _, r := range rs.Rels {
			if r.TargetMode == "External" {
				continue
			}
			name := path.Join(path.Dir(owner), r.Target)
			if seen[name] {
				continue
			}
			seen[name] = true
			zf := files[name]
			if zf == nil {
				return fmt.Errorf("%s refers to %s, which the workbook does not have", owner, name)
			}
			p := ownPart{name: name, ctype: types.of(name), zf: zf}
			if zr := files[relsOf(name)]; zr != nil {
				if p.rels, err = readPart(zr); err != nil {
					return err
				}
			}
			own = append(own, p)
			if p.rels != nil {
				if err := walk(name, p.rels); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return rels, own, walk(sheet, rels)
}

// renumbered is a relationships part with each internal target moved: part owner (now at
// newOwner) refers to the new names rename gives the parts it reached.
func renumbered(b []byte, owner, newOwner string, rename map[string]string) ([]byte, error) {
	var rs relationships
	if err := xml.Unmarshal(b, &rs); err != nil {
		return nil, err
	}
	for k, r := range rs.Rels {
		if r.TargetMode == "External" {
			continue
		}
		to, ok := rename[path.Join(path.Dir(owner), r.Target)]
		if !ok {
			return nil, fmt.Errorf("%s: no new name for %s", owner, r.Target)
		}
		rel, err := filepath.Rel(path.Dir(newOwner), to)
		if err != nil {
			return nil, err
		}
		rs.Rels[k].Target = filepath.ToSlash(rel)
	}
	out, err := xml.Marshal(rs)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
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
// that are free, the largest first: Cover and Summary into the main workbook, the miner sheets in
// batches of about maxCells cells, each batch a workbook of its own, and every other sheet into
// a workbook of its own (sideSheets). It returns the side workbooks' parts by sheet name.
func (ow *writer) writeSheets(maxCells int) (map[string]part, error) {
	extent := map[string][2]int{}
	for _, e := range ow.extents() {
		extent[e.name] = e.last
	}
	type job func() (map[string]part, error)
	alone := func(name string, write func(*writer) error) job {
		return func() (map[string]part, error) {
			return ow.writeSide([]string{name}, func(side *writer) error {
				if err := side.extent(name, extent[name]); err != nil {
					return err
				}
				return write(side)
			})
		}
	}
	inMain := func(write func() error) job { return func() (map[string]part, error) { return nil, write() } }
	jobs := []job{alone(SheetTimeline, (*writer).writeTimeline), alone(SheetSensitivity, (*writer).writeSensitivity)}
	for _, run := range ow.batches(maxCells) {
		jobs = append(jobs, func() (map[string]part, error) { return ow.writeMinerBatch(run[0], run[1]) })
	}
	jobs = append(jobs, alone(SheetInputs, (*writer).writeInputs), alone(SheetScenarios, (*writer).writeScenarios),
		alone(SheetChecks, (*writer).writeChecks), inMain(ow.writeSummary), inMain(ow.writeCover), alone(SheetLog, (*writer).writeLog))
	parts := make([]map[string]part, len(jobs))
	if err := ow.o.Pool.Each(len(jobs), func(k int) (err error) {
		parts[k], err = jobs[k]()
		return err
	}); err != nil {
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
	var names []string
	for i := lo; i < hi; i++ {
		if ow.minerSheet[i] != "" {
			names = append(names, ow.minerSheet[i])
		}
	}
	return ow.writeSide(names, func(side *writer) error {
		for i := lo; i < hi; i++ {
			if ow.minerSheet[i] == "" {
				continue
			}
			if err := side.writeMiner(i); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeSide writes the sheets names with write into a workbook of their own, with the same
// styles, saves it, and returns each sheet's part with its defined names and the parts it
// reaches.
func (ow *writer) writeSide(names []string, write func(side *writer) error) (map[string]part, error) {
	f := newFile(ow.o)
	defer f.Close()
	side := *ow
	side.f, side.fmu, side.fin = f, new(sync.Mutex), newFinisher()
	var err error
	if side.st, side.flagF, side.failF, side.passF, err = registerStyles(f); err != nil {
		return nil, err
	}
	if !side.st.Same(ow.st) || side.flagF != ow.flagF {
		return nil, fmt.Errorf("sheets %v: styles registered in a different order than the workbook's", names)
	}
	for _, name := range names {
		if _, err := f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("add sheet %q: %w", name, err)
		}
	}
	if err := write(&side); err != nil {
		return nil, err
	}
	if err := side.finish(); err != nil {
		return nil, err
	}
	zr, err := ow.spool.save(f)
	if err != nil {
		return nil, fmt.Errorf("write sheets %v: %w", names, err)
	}
	sheets := xlsx.Parts(zr)
	files := map[string]*zip.File{}
	for _, zf := range zr.File {
		files[zf.Name] = zf
	}
	var types contentTypes
	if zf := files[contentTypesPart]; zf != nil {
		b, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		if err := xml.Unmarshal(b, &types); err != nil {
			return nil, fmt.Errorf("%s: %w", contentTypesPart, err)
		}
	}
	defined := map[string][]definedName{}
	for _, dn := range f.GetDefinedName() {
		defined[dn.Scope] = append(defined[dn.Scope], definedName{name: dn.Name, refersTo: dn.RefersTo,
			hidden: dn.Name == filterDatabaseName})
	}
	parts := make(map[string]part, len(names))
	for _, name := range names {
		p, ok := sheets[name]
		if !ok {
			return nil, fmt.Errorf("sheets: no part for sheet %q", name)
		}
		pt := part{zf: p.File, names: defined[name]}
		if pt.rels, pt.own, err = ownParts(files, &types, p.File.Name); err != nil {
			return nil, fmt.Errorf("sheet %q: %w", name, err)
		}
		parts[name] = pt
	}
	return parts, nil
}

// filterDatabaseName is the hidden defined name of a sheet's autofilter range.
const filterDatabaseName = "_xlnm._FilterDatabase"

// merge copies the saved main workbook to w, entry by entry and still compressed, and adds the
// sheets written in side workbooks (named in order by sheets, their parts in parts by name)
// after Summary: each its worksheet part, its relationship, its content type, its entry in the
// workbook's sheets, its own defined names and the parts it reaches (see planSheets). The main
// workbook holds no miner sheet while it is written: excelize looks a sheet up by going through
// every sheet's name, which a thousand miner sheets would make a thousand times slower for every
// note, chart and format. The entries go in a fixed order (partOrder) and [Content_Types].xml is
// written sorted: excelize saves both in the order of a map, and the same inputs must give the
// same bytes (SOURCE_DATE_EPOCH).
func merge(w io.Writer, main io.ReaderAt, size int64, sheets []string, parts map[string]part) error {
	zr, err := zip.NewReader(main, size)
	if err != nil {
		return fmt.Errorf("write output workbook: %w", err)
	}
	add, err := planSheets(zr, sheets, parts)
	if err != nil {
		return fmt.Errorf("write output workbook: %w", err)
	}
	type entry struct {
		name  string
		write func(zw *zip.Writer) error
	}
	var entries []entry
	for _, zf := range zr.File {
		switch zf.Name {
		case contentTypesPart:
			entries = append(entries, entry{zf.Name, func(zw *zip.Writer) error { return writeContentTypes(zw, zf, add.types) }})
		case workbookPart:
			entries = append(entries, entry{zf.Name, func(zw *zip.Writer) error { return add.workbook(zw, zf) }})
		case workbookRelsPart:
			entries = append(entries, entry{zf.Name, func(zw *zip.Writer) error { return add.relationships(zw, zf) }})
		default:
			entries = append(entries, entry{zf.Name, func(zw *zip.Writer) error { return xlsx.CopyRaw(zw, zf, zf.Name) }})
		}
	}
	newPart := func(name string, b []byte, modified time.Time) {
		entries = append(entries, entry{name, func(zw *zip.Writer) error { return deflated(zw, name, modified, b) }})
	}
	for k, name := range add.names {
		p := parts[name]
		entries = append(entries, entry{add.parts[k], func(zw *zip.Writer) error { return xlsx.CopyRaw(zw, p.zf, add.parts[k]) }})
		if p.rels == nil {
			continue
		}
		// The sheet's part keeps its folder, the one its relationships' targets start from.
		rename := add.renamed[k]
		b, err := renumbered(p.rels, add.parts[k], add.parts[k], rename)
		if err != nil {
			return fmt.Errorf("write output workbook: %w", err)
		}
		newPart(relsOf(add.parts[k]), b, p.zf.Modified)
		for _, op := range p.own {
			entries = append(entries, entry{rename[op.name], func(zw *zip.Writer) error { return xlsx.CopyRaw(zw, op.zf, rename[op.name]) }})
			if op.rels != nil {
				b, err := renumbered(op.rels, op.name, rename[op.name], rename)
				if err != nil {
					return fmt.Errorf("write output workbook: %w", err)
				}
				newPart(relsOf(rename[op.name]), b, p.zf.Modified)
			}
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return partOrder(entries[i].name, entries[j].name) })
	zw := zip.NewWriter(w)
	for _, e := range entries {
		if err := e.write(zw); err != nil {
			return fmt.Errorf("write output workbook: %s: %w", e.name, err)
		}
	}
	return zw.Close()
}

// workbookRelsPart is the workbook's relationships: one per sheet, and its styles and theme.
const workbookRelsPart = "xl/_rels/workbook.xml.rels"

// sheetAdds are the sheets merge adds to a saved main workbook, in order: each one's name,
// part, relationship ID and sheet ID, numbered after the main workbook's own, and the index among
// the sheets where the first goes: after Summary.
type sheetAdds struct {
	names, parts, rels []string
	ids                []int
	at                 int
	defined            [][]definedName // each sheet's own defined names
	// renamed is, for each sheet, the new name of each part it reaches by its side workbook's
	// name; types are the content types of every part added
	renamed []map[string]string
	types   []contentOverride
}

var (
	numberedRE = regexp.MustCompile(`^(.*?)([0-9]+)(\.[A-Za-z]+)$`)
	relIDRE    = regexp.MustCompile(`Id="rId([0-9]+)"`)
	sheetIDRE  = regexp.MustCompile(`sheetId="([0-9]+)"`)
	localIDRE  = regexp.MustCompile(`localSheetId="([0-9]+)"`)
)

// planSheets numbers the sheets merge adds to the main workbook zr, and the parts they bring.
func planSheets(zr *zip.Reader, sheets []string, parts map[string]part) (*sheetAdds, error) {
	add := &sheetAdds{at: -1}
	order := sheetOrder(zr)
	for k, name := range order {
		if name == SheetSummary {
			add.at = k + 1
		}
	}
	if len(sheets) == 0 {
		return add, nil
	}
	if add.at < 0 {
		return nil, fmt.Errorf("no %s sheet to put the other sheets after", SheetSummary)
	}
	lastRel, lastID := 0, 0
	// lastOf is the highest number of each kind of numbered part (its name around the number):
	// a part a sheet brings takes the next one
	lastOf := map[[2]string]int{}
	for _, zf := range zr.File {
		if m := numberedRE.FindStringSubmatch(zf.Name); m != nil {
			n, _ := strconv.Atoi(m[2])
			lastOf[[2]string{m[1], m[3]}] = max(lastOf[[2]string{m[1], m[3]}], n)
		}
		var last *int // the highest number the part holds of its kind
		var re *regexp.Regexp
		switch zf.Name {
		case workbookRelsPart:
			last, re = &lastRel, relIDRE
		case workbookPart:
			last, re = &lastID, sheetIDRE
		default:
			continue
		}
		b, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			*last = max(*last, n)
		}
	}
	lastPart := lastOf[[2]string{"xl/worksheets/sheet", ".xml"}]
	for k, name := range sheets {
		p, ok := parts[name]
		if !ok {
			return nil, fmt.Errorf("no part for the sheet %q", name)
		}
		add.names = append(add.names, name)
		add.parts = append(add.parts, "xl/worksheets/sheet"+strconv.Itoa(lastPart+1+k)+".xml")
		add.rels = append(add.rels, "rId"+strconv.Itoa(lastRel+1+k))
		add.ids = append(add.ids, lastID+1+k)
		add.defined = append(add.defined, p.names)
		add.types = append(add.types, contentOverride{"/" + add.parts[k], worksheetContentType})
		rename := map[string]string{}
		for _, op := range p.own {
			m := numberedRE.FindStringSubmatch(op.name)
			if m == nil {
				return nil, fmt.Errorf("sheet %q: part %s has no number to give a new one", name, op.name)
			}
			kind := [2]string{m[1], m[3]}
			lastOf[kind]++
			rename[op.name] = m[1] + strconv.Itoa(lastOf[kind]) + m[3]
			add.types = append(add.types, contentOverride{"/" + rename[op.name], op.ctype})
		}
		add.renamed = append(add.renamed, rename)
	}
	return add, nil
}

// readPart is a small part's bytes.
func readPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// deflated writes the part name, deflated, with the bytes b.
func deflated(zw *zip.Writer, name string, modified time.Time, b []byte) error {
	dst, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return err
	}
	_, err = dst.Write(b)
	return err
}

// workbook writes the workbook part zf with the added sheets among its sheets, the local defined
// names of the sheets after them moved along, and their own defined names added. The titles are added
// here, not by excelize's SetDefinedName, which looks up every sheet's name for every name
// already defined: for a thousand miner sheets, a thousand million look-ups.
func (add *sheetAdds) workbook(zw *zip.Writer, zf *zip.File) error {
	b, err := readPart(zf)
	if err != nil {
		return err
	}
	if len(add.names) > 0 {
		b = localIDRE.ReplaceAllFunc(b, func(m []byte) []byte {
			n, _ := strconv.Atoi(string(localIDRE.FindSubmatch(m)[1]))
			if n >= add.at {
				n += len(add.names)
			}
			return []byte(`localSheetId="` + strconv.Itoa(n) + `"`)
		})
		var sheets bytes.Buffer
		for k, name := range add.names {
			sheets.WriteString(`<sheet name="`)
			if err := xml.EscapeText(&sheets, []byte(name)); err != nil {
				return err
			}
			fmt.Fprintf(&sheets, `" sheetId="%d" r:id="%s"></sheet>`, add.ids[k], add.rels[k])
		}
		var ok bool
		if b, ok = insertBefore(b, nthSheet(b, add.at), sheets.Bytes()); !ok {
			return fmt.Errorf("no place for the sheets after %s", SheetSummary)
		}
	}
	var names bytes.Buffer
	for k, defined := range add.defined {
		for _, dn := range defined {
			fmt.Fprintf(&names, `<definedName name="%s" localSheetId="%d"`, dn.name, add.at+k)
			if dn.hidden {
				names.WriteString(` hidden="1"`)
			}
			names.WriteString(`>`)
			if err := xml.EscapeText(&names, []byte(dn.refersTo)); err != nil {
				return err
			}
			names.WriteString(`</definedName>`)
		}
	}
	if names.Len() > 0 {
		var ok bool
		if b, ok = insertBefore(b, "</definedNames>", names.Bytes()); !ok {
			if b, ok = insertBefore(b, "<calcPr", append(append([]byte("<definedNames>"), names.Bytes()...), "</definedNames>"...)); !ok {
				return fmt.Errorf("no place for the sheets' defined names")
			}
		}
	}
	return deflated(zw, zf.Name, zf.Modified, b)
}

// nthSheet is the mark before which a sheet inserted at index at goes: the at-th <sheet element,
// or the end of the sheets.
func nthSheet(b []byte, at int) string {
	rest := b
	for range at {
		i := bytes.Index(rest, []byte("<sheet "))
		if i < 0 {
			return "</sheets>"
		}
		rest = rest[i+1:]
	}
	if i := bytes.Index(rest, []byte("<sheet ")); i >= 0 {
		end := bytes.IndexByte(rest[i:], '>')
		return string(rest[i : i+end+1])
	}
	return "</sheets>"
}

// relationships writes the workbook's relationships zf with one for each added sheet.
func (add *sheetAdds) relationships(zw *zip.Writer, zf *zip.File) error {
	b, err := readPart(zf)
	if err != nil {
		return err
	}
	var rels bytes.Buffer
	for k := range add.names {
		fmt.Fprintf(&rels, `<Relationship Id="%s" Target="%s" Type="%s"></Relationship>`,
			add.rels[k], strings.TrimPrefix(add.parts[k], "xl/"), worksheetRelType)
	}
	if rels.Len() > 0 {
		var ok bool
		if b, ok = insertBefore(b, "</Relationships>", rels.Bytes()); !ok {
			return fmt.Errorf("no place for the added sheets' relationships")
		}
	}
	return deflated(zw, zf.Name, zf.Modified, b)
}

const (
	worksheetRelType     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
	worksheetContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
)

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

// of is the content type of part name: its own, else its extension's.
func (ct *contentTypes) of(name string) string {
	for _, o := range ct.Overrides {
		if o.PartName == "/"+name {
			return o.ContentType
		}
	}
	ext := strings.TrimPrefix(path.Ext(name), ".")
	for _, d := range ct.Defaults {
		if strings.EqualFold(d.Extension, ext) {
			return d.ContentType
		}
	}
	return ""
}

type contentDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type contentOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// writeContentTypes writes the content types of zf to zw, with the types of the parts added,
// its entries sorted (extensions by name, parts in partOrder), whatever order excelize's maps
// gave them.
func writeContentTypes(zw *zip.Writer, zf *zip.File, added []contentOverride) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var ct contentTypes
	if err := xml.NewDecoder(rc).Decode(&ct); err != nil {
		return fmt.Errorf("%s: %w", contentTypesPart, err)
	}
	ct.Overrides = append(ct.Overrides, added...)
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
