package input

import (
	"math"
	"runtime"
	"testing"

	"minergap/model"
	"minergap/xlsx"
)

func TestSources(t *testing.T) {
	var s Sources // the zero Sources is ready to use
	cash := model.Ref{Table: model.TableMiners, Row: 0, Field: model.FieldCash}
	if _, ok := s.At(cash); ok || s.Len() != 0 {
		t.Fatalf("empty Sources: At found %v, Len %d", cash, s.Len())
	}
	set := []struct {
		ref model.Ref
		pos xlsx.Pos
	}{
		{cash, xlsx.Pos{File: "a.xlsx", Sheet: "Miners", Row: 2, Col: 5}},
		{model.Ref{Table: model.TableMiners, Row: 0}, xlsx.Pos{File: "a.xlsx", Sheet: "Miners", Row: 2}},
		{model.Ref{Table: model.TableProjects, Row: 99_998, Field: model.FieldCash}, xlsx.Pos{File: "a.xlsx", Sheet: "Projects", Row: 100_000, Col: 16_384}},
		{model.Ref{Table: model.TableProjects, Row: -3, Field: model.FieldInclude}, xlsx.Pos{File: "a.xlsx", Sheet: "Projects", Row: 7, Col: 1}},
		// Beyond the compact entry's bytes: kept whole.
		{model.Ref{Table: model.TableProjects, Row: math.MaxInt32 + 1, Field: model.FieldCash}, xlsx.Pos{File: "a.xlsx", Sheet: "Projects", Row: 3, Col: 2}},
		{model.Ref{Table: model.TableProjects, Row: 4, Field: model.FieldCash}, xlsx.Pos{File: "a.xlsx", Sheet: "Projects", Row: math.MaxInt32 + 1, Col: 2}},
		{model.Ref{Table: model.TableProjects, Row: 5, Field: model.FieldCash}, xlsx.Pos{File: "b.xlsx", Sheet: "P", Row: 1, Col: math.MaxUint16 + 1}},
	}
	for _, e := range set {
		s.Set(e.ref, e.pos)
	}
	for _, e := range set {
		if got, ok := s.At(e.ref); !ok || got != e.pos {
			t.Errorf("At(%v) = %v, %v; want %v", e.ref, got, ok, e.pos)
		}
	}
	if s.Len() != len(set) || len(s.whole) != 3 {
		t.Errorf("Len %d, whole %d; want %d, 3", s.Len(), len(s.whole), len(set))
	}
	// A name the Sources never saw finds nothing, and adds no name.
	names := len(s.names)
	if _, ok := s.At(model.Ref{Table: "Elsewhere", Row: 0, Field: model.FieldCash}); ok || len(s.names) != names {
		t.Errorf("an unknown table was found, or added (%d names, was %d)", len(s.names), names)
	}
	// Set again replaces, whichever way the old and the new are kept.
	s.Set(cash, xlsx.Pos{File: "a.xlsx", Sheet: "Miners", Row: 1, Col: math.MaxUint16 + 1})
	s.Set(cash, xlsx.Pos{File: "a.xlsx", Sheet: "Miners", Row: 9, Col: 9})
	if got, _ := s.At(cash); got.Row != 9 || s.Len() != len(set) {
		t.Errorf("after two Sets: %v, Len %d; want row 9, Len %d", got, s.Len(), len(set))
	}
	for _, e := range set {
		s.Delete(e.ref)
		if _, ok := s.At(e.ref); ok {
			t.Errorf("At(%v) after Delete found it", e.ref)
		}
	}
	if s.Len() != 0 {
		t.Errorf("Len after deleting all: %d", s.Len())
	}
}

// TestSourcesSmall holds Sources to the size it exists for: the 61,512 positions of a universe
// of 200 miners of 25 projects took 12.6 MB as a map[model.Ref]xlsx.Pos.
func TestSourcesSmall(t *testing.T) {
	fields := []string{"", model.FieldCash, model.FieldInclude, "IT MW", "Capex per MW", "Start date", "Energization date", "Status", "Rent", "Term", "Ownership", "Project"}
	const rows = 5_000
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	before := m.HeapAlloc
	s := new(Sources)
	for i := range rows {
		for c, f := range fields {
			s.Set(model.Ref{Table: model.TableProjects, Row: i, Field: f}, xlsx.Pos{File: "universe.xlsx", Sheet: "Projects", Row: i + 2, Col: c})
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	size := int64(m.HeapAlloc) - int64(before)
	runtime.KeepAlive(s)
	if got := s.Len(); got != rows*len(fields) {
		t.Fatalf("Len %d; want %d", got, rows*len(fields))
	}
	// The names: the fields, the table (the sheet's name too) and the file.
	if len(s.names) != len(fields)+2 {
		t.Errorf("%d names; want %d", len(s.names), len(fields)+2)
	}
	// 60,000 entries of 20 bytes (8 of key, 12 of value) in the map's groups of 8 slots and 8
	// control bytes, with the map's load at most 7/8 and at least half of that after it grows:
	// between 60,000 × 21 = 1.3 MB and 60,000 × 21 × 16/7 = 2.9 MB. The old map took some 12 MB.
	if size > 3_000_000 {
		t.Errorf("%d positions take %.1f MB; want at most 3 MB", s.Len(), float64(size)/1e6)
	}
	t.Logf("%d positions: %.2f MB", s.Len(), float64(size)/1e6)
}
