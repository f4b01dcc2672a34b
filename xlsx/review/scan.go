package review

import (
	"bytes"
	"errors"
	"html"
	"sort"
	"strings"
)

// tagKind tells an opening tag from a closing or a self-closing one.
type tagKind int

const (
	openTag  tagKind = iota // <row r="7">
	closeTag                // </row>
	emptyTag                // <c r="E7" s="3"/>
)

// A tag is one markup tag of an XML part: src[start:end] runs from its "<" to its ">".
type tag struct {
	start, end int
	name       string // qualified, as written: "c", "x:c"
	kind       tagKind
}

// local is the tag's name without its namespace prefix.
func (t tag) local() string { return localName(t.name) }

// prefix is the tag's namespace prefix, "" for none.
func (t tag) prefix() string {
	if i := strings.IndexByte(t.name, ':'); i >= 0 {
		return t.name[:i]
	}
	return ""
}

func localName(qname string) string {
	if i := strings.IndexByte(qname, ':'); i >= 0 {
		return qname[i+1:]
	}
	return qname
}

// scanner walks the tags of an XML part in order, reporting their byte offsets, so that a change
// can be spliced into the original text. It skips comments, processing instructions and CDATA,
// honours quoted attribute values (which may hold ">"), and refuses a DOCTYPE: OOXML parts have
// none, and a document type could declare entities.
type scanner struct {
	src   []byte
	pos   int
	err   error
	names [8]string // element names seen last, so a part's many <c> tags share one string
	slot  int
}

var errBadXML = errors.New("malformed XML")

// next returns the next tag; ok is false at the end of the part or on malformed markup (s.err).
func (s *scanner) next() (t tag, ok bool) {
	src := s.src
	for {
		i := bytes.IndexByte(src[s.pos:], '<')
		if i < 0 {
			s.pos = len(src)
			return tag{}, false
		}
		start := s.pos + i
		rest := src[start:]
		skip := func(end string) bool {
			j := bytes.Index(rest, []byte(end))
			if j < 0 {
				s.err = errBadXML
				return false
			}
			s.pos = start + j + len(end)
			return true
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if !skip("-->") {
				return tag{}, false
			}
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			if !skip("]]>") {
				return tag{}, false
			}
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			if !skip("?>") {
				return tag{}, false
			}
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			s.err = errors.New("XML with a document type declaration")
			return tag{}, false
		}
		t = tag{start: start}
		p := start + 1
		if p < len(src) && src[p] == '/' {
			t.kind = closeTag
			p++
		}
		n := p
		for n < len(src) && !isSpace(src[n]) && src[n] != '>' && src[n] != '/' {
			n++
		}
		t.name = s.intern(src[p:n])
		if t.name == "" {
			s.err = errBadXML
			return tag{}, false
		}
		var quote byte
		for ; n < len(src); n++ {
			c := src[n]
			if quote != 0 {
				if c == quote {
					quote = 0
				}
				continue
			}
			if c == '"' || c == '\'' {
				quote = c
			} else if c == '>' {
				break
			}
		}
		if n >= len(src) {
			s.err = errBadXML
			return tag{}, false
		}
		t.end = n + 1
		if t.kind == openTag && src[n-1] == '/' {
			t.kind = emptyTag
		}
		s.pos = t.end
		return t, true
	}
}

// intern returns b as a string, reusing a recent one: a sheet repeats a few names millions
// of times.
func (s *scanner) intern(b []byte) string {
	for _, n := range s.names {
		if n == string(b) {
			return n
		}
	}
	n := string(b)
	s.names[s.slot] = n
	s.slot = (s.slot + 1) % len(s.names)
	return n
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// An attr is one attribute of a start tag: its qualified name and the byte span of its value
// (between the quotes, still escaped).
type attr struct {
	name             string
	valStart, valEnd int
}

// attrs lists the attributes of the start tag t in src.
func attrs(src []byte, t tag) []attr {
	var out []attr
	eachAttr(src, t, func(a attr) bool {
		out = append(out, a)
		return true
	})
	return out
}

// attrOf finds the attribute named name (qualified, as written) of the start tag t.
func attrOf(src []byte, t tag, name string) (attr, bool) {
	var found attr
	ok := false
	eachAttr(src, t, func(a attr) bool {
		if a.name == name {
			found, ok = a, true
		}
		return !ok
	})
	return found, ok
}

// eachAttr calls f with each attribute of the start tag t in src, in order, until f returns
// false or an attribute is malformed.
func eachAttr(src []byte, t tag, f func(attr) bool) {
	p := t.start + 1 + len(t.name)
	end := t.end - 1
	for p < end {
		for p < end && (isSpace(src[p]) || src[p] == '/') {
			p++
		}
		n := p
		for n < end && src[n] != '=' && !isSpace(src[n]) {
			n++
		}
		name := string(src[p:n])
		for n < end && isSpace(src[n]) {
			n++
		}
		if n >= end || src[n] != '=' {
			return
		}
		n++
		for n < end && isSpace(src[n]) {
			n++
		}
		if n >= end || (src[n] != '"' && src[n] != '\'') {
			return
		}
		q := src[n]
		vs := n + 1
		ve := vs
		for ve < end && src[ve] != q {
			ve++
		}
		if !f(attr{name: name, valStart: vs, valEnd: ve}) {
			return
		}
		p = ve + 1
	}
}

// relID finds a relationship id attribute (r:id, whatever the prefix) of the start tag t.
func relID(src []byte, t tag) (string, bool) {
	for _, a := range attrs(src, t) {
		if strings.Contains(a.name, ":") && localName(a.name) == "id" {
			return unescape(src[a.valStart:a.valEnd]), true
		}
	}
	return "", false
}

// attrVal is the unescaped value of attribute name of t, "" when absent.
func attrVal(src []byte, t tag, name string) string {
	if a, ok := attrOf(src, t, name); ok {
		return unescape(src[a.valStart:a.valEnd])
	}
	return ""
}

// nsDecls maps each namespace prefix declared on the start tag t to its URI ("" for the default).
func nsDecls(src []byte, t tag) map[string]string {
	m := map[string]string{}
	for _, a := range attrs(src, t) {
		switch {
		case a.name == "xmlns":
			m[""] = unescape(src[a.valStart:a.valEnd])
		case strings.HasPrefix(a.name, "xmlns:"):
			m[a.name[len("xmlns:"):]] = unescape(src[a.valStart:a.valEnd])
		}
	}
	return m
}

func unescape(b []byte) string { return html.UnescapeString(string(b)) }

// esc escapes s for XML text and attribute values, dropping what XML 1.0 cannot hold.
func esc(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\n':
			b.WriteString("&#10;")
		case r == '\r' || r == '\t':
			b.WriteString(" ")
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A patch collects changes to an XML part as byte ranges to replace; nothing else of the part
// changes. Insertions at one offset keep the order they were made in.
type patch struct {
	src   []byte
	edits []edit
}

type edit struct {
	at, end int
	text    string
}

func (p *patch) replace(at, end int, text string) { p.edits = append(p.edits, edit{at, end, text}) }
func (p *patch) insert(at int, text string)       { p.replace(at, at, text) }

// setAttr sets attribute name of the start tag t to value (already escaped), replacing the
// value where the attribute exists and adding it as the tag's last attribute otherwise.
func (p *patch) setAttr(t tag, name, value string) {
	if a, ok := attrOf(p.src, t, name); ok {
		p.replace(a.valStart, a.valEnd, value)
		return
	}
	at := t.end - 1 // before ">"
	if t.kind == emptyTag {
		at-- // before "/>"
	}
	p.insert(at, " "+name+`="`+value+`"`)
}

// bytes applies the edits to a copy of the source.
func (p *patch) bytes() []byte {
	// by offset; at one offset, insertions before the replacement that starts there
	sort.SliceStable(p.edits, func(i, j int) bool {
		a, b := p.edits[i], p.edits[j]
		if a.at != b.at {
			return a.at < b.at
		}
		return a.end == a.at && b.end != b.at
	})
	var b bytes.Buffer
	b.Grow(len(p.src) + 1024)
	pos := 0
	for _, e := range p.edits {
		if e.at < pos {
			continue // overlapping edits are never made; keep the first
		}
		b.Write(p.src[pos:e.at])
		b.WriteString(e.text)
		pos = e.end
	}
	b.Write(p.src[pos:])
	return b.Bytes()
}

// qual returns a function naming elements with the prefix the part's root element uses, so new
// elements land in the part's own namespace however it spells it.
func qual(root tag) func(string) string {
	pfx := root.prefix()
	return func(local string) string {
		if pfx == "" {
			return local
		}
		return pfx + ":" + local
	}
}
