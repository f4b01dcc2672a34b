package testkit

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"io"
	"testing"
	"unicode/utf16"
)

// Builders of broken and unusual files, for the reader's tests and its fuzz seeds. They panic
// on an error, which can only be a mistake in the calling test.

// ole2 builds a minimal OLE2 compound file (one FAT sector, one directory sector) whose
// directory holds the named streams, all empty: enough to be told apart by its magic and its
// directory, as a legacy .xls or a password-protected workbook is.
func OLE2(streams ...string) []byte {
	const sector = 512
	le := binary.LittleEndian
	const (
		free       = 0xFFFFFFFF
		endOfChain = 0xFFFFFFFE
		fatSect    = 0xFFFFFFFD
	)
	head := make([]byte, sector)
	copy(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le.PutUint16(head[24:], 0x003E) // minor version
	le.PutUint16(head[26:], 3)      // major version: 512-byte sectors
	le.PutUint16(head[28:], 0xFFFE) // byte order
	le.PutUint16(head[30:], 9)      // sector shift
	le.PutUint16(head[32:], 6)      // mini sector shift
	le.PutUint32(head[44:], 1)      // FAT sectors
	le.PutUint32(head[48:], 1)      // first directory sector
	le.PutUint32(head[56:], 4096)   // mini stream cutoff
	le.PutUint32(head[60:], endOfChain)
	le.PutUint32(head[68:], endOfChain)
	for i := 76; i < sector; i += 4 {
		le.PutUint32(head[i:], free)
	}
	le.PutUint32(head[76:], 0) // DIFAT[0]: the FAT is sector 0
	fat := make([]byte, sector)
	for i := 0; i < sector; i += 4 {
		le.PutUint32(fat[i:], free)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endOfChain)
	dir := make([]byte, sector)
	entry := func(i int, name string, typ byte, child, right uint32) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[j*2:], c)
		}
		le.PutUint16(e[64:], uint16(len(u)*2+2))
		e[66] = typ
		e[67] = 1 // black
		le.PutUint32(e[68:], free)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], endOfChain)
	}
	child := uint32(free)
	if len(streams) > 0 {
		child = 1
	}
	entry(0, "Root Entry", 5, child, free)
	for i, s := range streams {
		right := uint32(free)
		if i+1 < len(streams) {
			right = uint32(i + 2)
		}
		entry(i+1, s, 2, free, right)
	}
	return append(append(head, fat...), dir...)
}

// Zip is a zip archive of the given entries, name and content, deflated.
func Zip(entries ...[2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			panic(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Stored is the zip archive data with every entry stored, not deflated: the same workbook as
// a reader sees it, other bytes.
func Stored(data []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			panic(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			panic(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		if err != nil {
			panic(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// ReadEntry is a zip entry's bytes, unzipped; it fails the test when they cannot be read.
func ReadEntry(t testing.TB, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("%s: %v", zf.Name, err)
	}
	return b
}
