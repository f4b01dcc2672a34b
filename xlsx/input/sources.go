package input

import (
	"math"

	"minergap/model"
	"minergap/xlsx"
)

// Sources is where each value read came from, by its Ref: its cell, and for each row (Field "")
// its row (Col 0). The writer looks every input up here, so it is held for the whole run: a
// map[model.Ref]xlsx.Pos took some 200 bytes an entry (12.6 MB for the 61,512 values of 200
// miners of 25 projects), with two strings in the key and two in the value. Sources keeps the
// names (tables, fields, files, sheets) once each and an entry in 20 bytes. A position that
// does not fit those bytes is kept whole. The zero Sources is empty and ready to use; reads
// may run at once, on any number of goroutines, once the reader is done with it.
type Sources struct {
	names []string          // by index: tables, fields, files and sheets
	ids   map[string]uint16 // index of each name
	at    map[sourceKey]sourceCell
	whole map[model.Ref]xlsx.Pos // what does not fit: rows beyond int32, columns beyond uint16
}

// sourceKey is a model.Ref with its names as indexes.
type sourceKey struct {
	table, field uint16
	row          int32
}

// sourceCell is an xlsx.Pos with its names as indexes.
type sourceCell struct {
	file, sheet, col uint16
	row              int32
}

// Len is the number of positions held.
func (s *Sources) Len() int { return len(s.at) + len(s.whole) }

// At is where r's value came from; ok is false when it was not read (it took its default).
func (s *Sources) At(r model.Ref) (p xlsx.Pos, ok bool) {
	if k, fits := s.key(r, false); fits {
		var c sourceCell
		if c, ok = s.at[k]; ok {
			return xlsx.Pos{File: s.names[c.file], Sheet: s.names[c.sheet], Row: int(c.row), Col: int(c.col)}, true
		}
	}
	p, ok = s.whole[r]
	return p, ok
}

// Set records that r's value came from p.
func (s *Sources) Set(r model.Ref, p xlsx.Pos) {
	k, fits := s.key(r, true)
	if fits && p.Row >= math.MinInt32 && p.Row <= math.MaxInt32 && p.Col >= 0 && p.Col <= math.MaxUint16 {
		file, okF := s.id(p.File, true)
		sheet, okS := s.id(p.Sheet, true)
		if okF && okS {
			if s.at == nil {
				s.at = map[sourceKey]sourceCell{}
			}
			s.at[k] = sourceCell{file: file, sheet: sheet, col: uint16(p.Col), row: int32(p.Row)}
			delete(s.whole, r)
			return
		}
	}
	if fits {
		delete(s.at, k)
	}
	if s.whole == nil {
		s.whole = map[model.Ref]xlsx.Pos{}
	}
	s.whole[r] = p
}

// Delete forgets where r's value came from.
func (s *Sources) Delete(r model.Ref) {
	if k, fits := s.key(r, false); fits {
		delete(s.at, k)
	}
	delete(s.whole, r)
}

// key is r's key; fits is false when a name is not known (and add is false), or when there is no
// index left for it, or when its row does not fit.
func (s *Sources) key(r model.Ref, add bool) (k sourceKey, fits bool) {
	if r.Row < math.MinInt32 || r.Row > math.MaxInt32 {
		return k, false
	}
	table, okT := s.id(r.Table, add)
	field, okF := s.id(r.Field, add)
	return sourceKey{table: table, field: field, row: int32(r.Row)}, okT && okF
}

// id is name's index, given the next one when add is true and it has none yet.
func (s *Sources) id(name string, add bool) (uint16, bool) {
	if id, ok := s.ids[name]; ok {
		return id, true
	}
	if !add || len(s.names) > math.MaxUint16 {
		return 0, false
	}
	if s.ids == nil {
		s.ids = map[string]uint16{}
	}
	id := uint16(len(s.names))
	s.ids[name] = id
	s.names = append(s.names, name)
	return id, true
}
