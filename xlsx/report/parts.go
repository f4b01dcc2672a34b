package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"maps"
	"path"

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

// batches cuts the miners into runs [lo, hi) of about maxCells cells, each of one miner at
// least.
func (ow *writer) batches(maxCells int) [][2]int {
	var runs [][2]int
	lo, cells := 0, 0
	for i := range ow.r.Miners {
		c := ow.minerCells(i)
		if i > lo && cells+c > maxCells {
			runs = append(runs, [2]int{lo, i})
			lo, cells = i, 0
		}
		cells += c
	}
	if lo < len(ow.r.Miners) {
		runs = append(runs, [2]int{lo, len(ow.r.Miners)})
	}
	return runs
}

// part is a worksheet part as stored in a zip: its header and its compressed bytes.
type part struct {
	hdr zip.FileHeader
	raw []byte
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

// writeMinerParts writes every miner sheet, in batches of about maxCells cells (each batch a
// workbook of its own) on the slots of the run's pool that are free, and returns their parts by
// sheet name.
func (ow *writer) writeMinerParts(maxCells int) (map[string]part, error) {
	runs := ow.batches(maxCells)
	parts := make([]map[string]part, len(runs))
	err := ow.o.Pool.Each(len(runs), func(b int) (err error) {
		parts[b], err = ow.writeMinerBatch(runs[b][0], runs[b][1])
		return err
	})
	if err != nil {
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
	f := excelize.NewFile(excelize.Options{TmpDir: ow.o.TempDir})
	defer f.Close()
	side := *ow
	side.f = f
	var err error
	if side.st, side.flagF, side.failF, side.passF, err = registerStyles(f); err != nil {
		return nil, err
	}
	if !side.st.Same(ow.st) || side.flagF != ow.flagF {
		return nil, fmt.Errorf("miner sheets: styles registered in a different order than the workbook's")
	}
	for i := lo; i < hi; i++ {
		if _, err := f.NewSheet(ow.minerSheet[i]); err != nil {
			return nil, fmt.Errorf("add sheet %q: %w", ow.minerSheet[i], err)
		}
		if err := side.writeMiner(i); err != nil {
			return nil, err
		}
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
	parts := make(map[string]part, hi-lo)
	for i := lo; i < hi; i++ {
		name := ow.minerSheet[i]
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
		parts[name] = part{hdr: p.File.FileHeader, raw: raw}
	}
	return parts, nil
}

// merge copies the saved main workbook to w, entry by entry and still compressed, putting
// each sheet's part from parts (by sheet name) in place of the main workbook's own.
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
	zw := zip.NewWriter(w)
	for _, zf := range zr.File {
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
