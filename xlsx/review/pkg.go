package review

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"minergap/xlsx"
	"path"
	"strconv"
	"strings"
	"time"
)

// Namespaces and relationship types of the two OOXML flavours. A Strict workbook (ISO 29500
// Strict, namespaces under purl.oclc.org) gets its new parts and relationships in Strict too.
const (
	mainNS        = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	strictMainNS  = "http://purl.oclc.org/ooxml/spreadsheetml/main"
	strictRelNS   = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	packageRelsNS = "http://schemas.openxmlformats.org/package/2006/relationships"

	ctWorksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctComments  = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctVML       = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	ctRels      = "application/vnd.openxmlformats-package.relationships+xml"
)

// maxPart bounds the uncompressed size of a part read into memory (a zip bomb stops here).
const maxPart = 512 << 20

// A pkg is the input workbook's zip with the parts changed or added so far.
type pkg struct {
	files   []*zip.File
	byName  map[string]*zip.File // by part name: lower case, "/" separators, no leading "/"
	out     map[string][]byte    // new content by part name (same key)
	added   []string             // parts that are new, in the order they were made
	relBase string               // relationships namespace; relationship types are relBase + "/worksheet" ...
	mainNS  string
	ct      *patch   // [Content_Types].xml
	ctTypes tag      // its root element
	ctNew   []string // declarations to add to it

	vmlBlocks []int // VML shape-id blocks given to new drawings
}

// partKey normalises a zip entry or part name for lookup: OPC part names are case-insensitive,
// and some writers use "\" separators.
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

func openPkg(input []byte) (*pkg, error) {
	if bytes.HasPrefix(input, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		if bytes.Contains(input, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o")) {
			return nil, errors.New("the workbook is password-protected; save a copy without a password to get a review copy")
		}
		return nil, errors.New("the file is a legacy .xls workbook, not .xlsx; save it as .xlsx to get a review copy")
	}
	zr, err := zip.NewReader(bytes.NewReader(input), int64(len(input)))
	if err != nil {
		return nil, fmt.Errorf("the file is not an .xlsx workbook (not a zip archive: %v)", err)
	}
	p := &pkg{files: zr.File, byName: map[string]*zip.File{}, out: map[string][]byte{}}
	for _, f := range zr.File {
		if f.Flags&1 != 0 {
			return nil, fmt.Errorf("part %s is encrypted; save the workbook without a password to get a review copy", f.Name)
		}
		k := partKey(f.Name)
		if _, dup := p.byName[k]; !dup {
			p.byName[k] = f
		}
	}
	ct, err := p.read("[Content_Types].xml")
	if err != nil {
		return nil, err
	}
	p.ct = &patch{src: ct}
	if p.ctTypes, err = rootTag(ct, "[Content_Types].xml"); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *pkg) has(name string) bool {
	k := partKey(name)
	if _, ok := p.out[k]; ok {
		return true
	}
	_, ok := p.byName[k]
	return ok
}

// read returns a part's current content: as changed so far, else as stored.
func (p *pkg) read(name string) ([]byte, error) {
	k := partKey(name)
	if b, ok := p.out[k]; ok {
		return b, nil
	}
	f, ok := p.byName[k]
	if !ok {
		return nil, fmt.Errorf("the workbook has no part %s", name)
	}
	if f.UncompressedSize64 > maxPart {
		return nil, fmt.Errorf("part %s is too large (%d bytes)", name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("part %s: %v", name, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	buf.Grow(int(f.UncompressedSize64) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(rc, maxPart+1)); err != nil {
		return nil, fmt.Errorf("part %s: %v", name, err)
	}
	if buf.Len() > maxPart {
		return nil, fmt.Errorf("part %s is too large", name)
	}
	return buf.Bytes(), nil
}

// put sets a part's new content; a part the input lacks is added (with a content-type override
// when contentType is not empty).
func (p *pkg) put(name string, b []byte, contentType string) {
	k := partKey(name)
	if _, ok := p.byName[k]; !ok {
		if _, ok := p.out[k]; !ok {
			p.added = append(p.added, strings.TrimPrefix(name, "/"))
			if contentType != "" {
				p.addOverride(name, contentType)
			}
		}
	}
	p.out[k] = b
}

// addOverride declares a new part's content type in [Content_Types].xml.
func (p *pkg) addOverride(name, contentType string) {
	p.insertCT(`<Override PartName="/` + esc(strings.TrimPrefix(name, "/")) + `" ContentType="` + contentType + `"/>`)
}

// ensureDefault declares a content type for an extension unless one is declared.
func (p *pkg) ensureDefault(ext, contentType string) {
	if p.hasDefault(ext) {
		return
	}
	p.insertCT(`<Default Extension="` + ext + `" ContentType="` + contentType + `"/>`)
}

func (p *pkg) hasDefault(ext string) bool {
	for _, el := range p.ctNew {
		if strings.Contains(el, `<Default Extension="`+ext+`"`) {
			return true
		}
	}
	s := &scanner{src: p.ct.src}
	for t, ok := s.next(); ok; t, ok = s.next() {
		if t.kind != closeTag && t.local() == "Default" && strings.EqualFold(attrVal(p.ct.src, t, "Extension"), ext) {
			return true
		}
	}
	return false
}

func (p *pkg) insertCT(el string) { p.ctNew = append(p.ctNew, el) }

// appendChildren adds els as the last children of the element whose start tag is open,
// opening it first when it is written as <x/>.
func appendChildren(pt *patch, open tag, els []string) {
	if len(els) == 0 {
		return
	}
	text := strings.Join(els, "")
	at, selfClosed := closingPoint(pt.src, open)
	if selfClosed {
		pt.replace(open.end-2, open.end, ">"+text+"</"+open.name+">")
		return
	}
	pt.insert(at, text)
}

// unusedName returns pattern with the smallest number from 1 that names no part.
func (p *pkg) unusedName(pattern string) string {
	for i := 1; ; i++ {
		n := strings.Replace(pattern, "#", strconv.Itoa(i), 1)
		if !p.has(n) {
			return n
		}
	}
}

// rootTag is the first element of an XML part.
func rootTag(src []byte, name string) (tag, error) {
	s := &scanner{src: src}
	t, ok := s.next()
	if !ok || t.kind == closeTag {
		if s.err != nil {
			return tag{}, fmt.Errorf("part %s: %v", name, s.err)
		}
		return tag{}, fmt.Errorf("part %s is empty", name)
	}
	return t, nil
}

// closingPoint is the offset of the end tag that closes the element whose start tag is open (the
// point to append a last child); selfClosed when the element is written as <x/>.
func closingPoint(src []byte, open tag) (at int, selfClosed bool) {
	if open.kind == emptyTag {
		return open.end, true
	}
	s := &scanner{src: src, pos: open.end}
	depth := 0
	for t, ok := s.next(); ok; t, ok = s.next() {
		switch t.kind {
		case openTag:
			depth++
		case closeTag:
			if depth == 0 {
				return t.start, false
			}
			depth--
		}
	}
	return len(src), false
}

// A rel is one relationship of a .rels part, its target resolved to a part name.
type rel struct {
	id, typ, part string
	external      bool
}

// relsPath is the relationships part of a source part ("" for the package).
func relsPath(source string) string {
	dir, file := path.Split(source)
	return dir + "_rels/" + file + ".rels"
}

// resolve turns a relationship target into a part name.
func resolve(source, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir(source), target)), "/")
}

// relTarget writes part as a target relative to source's folder.
func relTarget(source, part string) string {
	from := strings.Split(path.Dir(source), "/")
	if path.Dir(source) == "." {
		from = nil
	}
	to := strings.Split(part, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && strings.EqualFold(from[i], to[i]) {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// A relsPart is the relationships of one source part, read and patched in place.
type relsPart struct {
	source, name string
	patch        *patch
	root         tag
	rels         []rel
	pending      []string // new Relationship elements
	exists       bool
}

func (p *pkg) rels(source string) (*relsPart, error) {
	r := &relsPart{source: source, name: relsPath(source)}
	if !p.has(r.name) {
		r.patch = &patch{src: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="` + packageRelsNS + `"></Relationships>`)}
	} else {
		b, err := p.read(r.name)
		if err != nil {
			return nil, err
		}
		r.patch, r.exists = &patch{src: b}, true
	}
	src := r.patch.src
	root, err := rootTag(src, r.name)
	if err != nil {
		return nil, err
	}
	r.root = root
	s := &scanner{src: src}
	for t, ok := s.next(); ok; t, ok = s.next() {
		if t.kind == closeTag || t.local() != "Relationship" {
			continue
		}
		rl := rel{id: attrVal(src, t, "Id"), typ: attrVal(src, t, "Type")}
		rl.external = strings.EqualFold(attrVal(src, t, "TargetMode"), "External")
		if !rl.external {
			rl.part = resolve(source, attrVal(src, t, "Target"))
		}
		r.rels = append(r.rels, rl)
	}
	if s.err != nil {
		return nil, fmt.Errorf("part %s: %v", r.name, s.err)
	}
	return r, nil
}

// byType finds the first relationship whose type ends in "/"+kind (both flavours match).
func (r *relsPart) byType(kind string) (rel, bool) {
	for _, rl := range r.rels {
		if strings.HasSuffix(rl.typ, "/"+kind) && !rl.external {
			return rl, true
		}
	}
	return rel{}, false
}

func (r *relsPart) byID(id string) (rel, bool) {
	for _, rl := range r.rels {
		if rl.id == id {
			return rl, true
		}
	}
	return rel{}, false
}

// add appends a relationship of type relBase+"/"+kind to part and returns its new id.
func (r *relsPart) add(p *pkg, kind, part string) string {
	used := map[string]bool{}
	for _, rl := range r.rels {
		used[rl.id] = true
	}
	n := 1
	for used["rId"+strconv.Itoa(n)] {
		n++
	}
	id := "rId" + strconv.Itoa(n)
	r.pending = append(r.pending, `<Relationship Id="`+id+`" Type="`+p.relBase+"/"+kind+`" Target="`+esc(relTarget(r.source, part))+`"/>`)
	r.rels = append(r.rels, rel{id: id, typ: p.relBase + "/" + kind, part: part})
	return id
}

// save stores the patched relationships part.
func (r *relsPart) save(p *pkg) {
	if len(r.pending) == 0 {
		return
	}
	appendChildren(r.patch, r.root, r.pending)
	if !r.exists {
		p.ensureDefault("rels", ctRels)
	}
	p.put(r.name, r.patch.bytes(), "")
}

// write copies the package to w: unchanged parts as their stored compressed bytes with their
// original headers, changed parts recompressed under their original names, then the new parts.
func (p *pkg) write(w io.Writer) error {
	appendChildren(p.ct, p.ctTypes, p.ctNew)
	p.out[partKey("[Content_Types].xml")] = p.ct.bytes()
	zw := zip.NewWriter(w)
	// the changed parts are recompressed for speed: a 100,000-row sheet takes half the time
	// (BenchmarkWriteLarge) and compresses to a third more bytes than at the default level
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for _, f := range p.files {
		b, changed := p.out[partKey(f.Name)]
		if changed && p.byName[partKey(f.Name)] == f {
			h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified}
			fw, err := zw.CreateHeader(h)
			if err != nil {
				return err
			}
			if _, err := fw.Write(b); err != nil {
				return err
			}
			continue
		}
		if err := xlsx.CopyRaw(zw, f, f.Name); err != nil {
			return fmt.Errorf("part %s: %v", f.Name, err)
		}
	}
	// new parts carry the newest time of the input's parts: a copy made twice is the same bytes,
	// and Info-ZIP's unzip rejects some archives mixing timed parts with untimed ones
	var newest time.Time
	for _, f := range p.files {
		if f.Modified.After(newest) {
			newest = f.Modified
		}
	}
	for _, name := range p.added {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: newest})
		if err != nil {
			return err
		}
		if _, err := fw.Write(p.out[partKey(name)]); err != nil {
			return err
		}
	}
	return zw.Close()
}
