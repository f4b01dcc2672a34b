package input

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"minergap/model"
	"minergap/xlsx"
)

// Limits on what Read accepts. A workbook past them is an error, never a silent truncation.
const (
	maxFileSize  = 256 << 20 // bytes on disk
	maxUnzipped  = 256 << 20 // bytes of all parts unzipped (a zip bomb declares far more)
	maxRows      = 100000    // rows of one sheet
	maxMiners    = 5000      // miners of one workbook (SPEC §4)
	maxScenarios = 1000      // scenarios of one workbook
	maxCases     = 500000    // miners × scenarios of one workbook
	maxHeaderRow = 10        // the header row is within the first rows
	maxHeaderCol = 1024      // columns of the header row considered
	lookupBytes  = 4 << 20   // formula look-ups load the whole sheet: only when it is this small
)

// Read reads an input workbook (SPEC §2) into a Book. The error is nil or an ErrorList holding
// every problem found, sorted by sheet, row and column, each naming the file and the cell.
// Read never panics: a broken or hostile file is one error naming the file.
func Read(path string, opts ...Options) (*Book, error) {
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fileError(name, "cannot open the file: %v", osError(err))
	}
	if fi.IsDir() {
		return nil, fileError(name, "is a folder, not a workbook; give an .xlsx file")
	}
	if fi.Size() > maxFileSize {
		return nil, fileError(name, "is %d MB, above the %d MB limit; remove what the inputs do not need (images, other sheets)",
			fi.Size()>>20, maxFileSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fileError(name, "cannot read the file: %v", osError(err))
	}
	b, err := ReadBytes(name, data, opts...)
	if b != nil {
		b.Path = path
	}
	return b, err
}

// ReadBytes is Read on a workbook's bytes; name is the file's base name, used in positions.
func ReadBytes(name string, data []byte, opts ...Options) (book *Book, err error) {
	defer func() {
		if p := recover(); p != nil {
			book = nil
			err = fileError(name, "cannot read the workbook (internal error: %v); open it in Excel or LibreOffice and save it again as .xlsx", p)
		}
	}()
	if err := sniff(name, data); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: xlsx.MaxXMLMemory,
		TmpDir:            tempDir(opts),
	})
	if err != nil {
		if f != nil {
			f.Close()
		}
		if damaged(err) {
			return nil, fileError(name, "is a damaged .xlsx file (a part does not match its recorded size or checksum); copy it again or save it again from Excel")
		}
		return nil, fileError(name, "is not a readable .xlsx workbook (%v); open it in Excel or LibreOffice and save it again as .xlsx", err)
	}
	defer f.Close()
	r := &reader{
		f:    f,
		file: name,
		book: &Book{Path: name, File: name, SHA256: hex.EncodeToString(sum[:])},
	}
	r.smallSheets = smallSheets(data)
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		r.parts = xlsx.Parts(zr)
	}
	r.read()
	if len(r.errs) > 0 {
		r.errs.Sort(r.sheetOrder)
		return nil, r.errs
	}
	return r.book, nil
}

// damaged reports whether err says the zip's bytes are corrupt.
func damaged(err error) bool {
	var ce flate.CorruptInputError
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, zip.ErrFormat) ||
		errors.Is(err, zip.ErrChecksum) || errors.As(err, &ce)
}

// fileError is a problem with the whole file.
func fileError(name, format string, args ...any) error {
	var l xlsx.ErrorList
	l.Add(xlsx.Pos{File: name}, format, args...)
	return l
}

// osError drops the path an *os.PathError repeats: the position already names the file.
func osError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Magic bytes of the file formats a renamed file may really be.
var (
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	magicZip  = []byte("PK\x03\x04")
	magicZip0 = []byte("PK\x05\x06") // an empty zip
	// An OLE2 directory entry names its stream in UTF-16LE.
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00")
)

// sniff tells a workbook excelize can read from the files people rename to .xlsx, before
// excelize sees the bytes: legacy .xls and password-protected workbooks (both OLE2), .ods,
// other zips, zip bombs, truncated zips and anything else.
func sniff(name string, data []byte) error {
	switch {
	case len(data) == 0:
		return fileError(name, "is empty; give an .xlsx workbook")
	case bytes.HasPrefix(data, magicOLE2):
		if bytes.Contains(data, encryptionInfo) {
			return fileError(name, "is password-protected; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save it again")
		}
		return fileError(name, "is a legacy .xls workbook (an OLE2 file), not .xlsx; open it in Excel or LibreOffice and save it as .xlsx")
	case bytes.HasPrefix(data, magicZip0):
		return fileError(name, "is an empty zip archive, not an .xlsx workbook")
	case !bytes.HasPrefix(data, magicZip):
		return fileError(name, "is not an .xlsx workbook (it is not a zip archive); give a workbook saved as .xlsx")
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fileError(name, "is a damaged or truncated .xlsx file (%v); copy it again or save it again from Excel", err)
	}
	var total uint64
	workbook, binary := false, false
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		switch strings.ToLower(zf.Name) {
		case "mimetype":
			mt := zipHead(zf, 128)
			if strings.Contains(mt, "opendocument") || mt == "" {
				return fileError(name, "is an OpenDocument spreadsheet (.ods), not .xlsx; open it in LibreOffice and save it as .xlsx")
			}
		case "xl/workbook.xml":
			workbook = true
		case "xl/workbook.bin":
			binary = true
		}
	}
	switch {
	case total > maxUnzipped:
		return fileError(name, "unzips to %d MB, above the %d MB limit (a zip bomb or a far too large workbook)", total>>20, maxUnzipped>>20)
	case binary && !workbook:
		return fileError(name, "is a binary workbook (.xlsb), not .xlsx; open it in Excel and save it as .xlsx")
	case !workbook:
		return fileError(name, "is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml); give a workbook saved as .xlsx")
	}
	return nil
}

// zipHead returns up to n bytes of a zip entry, or "" when it cannot be read.
func zipHead(zf *zip.File, n int64) string {
	rc, err := zf.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, n))
	return string(b)
}

// smallSheets reports whether every worksheet part is small enough to load whole, which a
// look-up of a formula without a stored value needs.
func smallSheets(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, zf := range zr.File {
		if strings.HasPrefix(strings.ToLower(zf.Name), "xl/worksheets/") && zf.UncompressedSize64 > lookupBytes {
			return false
		}
	}
	return true
}

// reader holds the state of one Read.
type reader struct {
	f           *excelize.File
	file        string
	book        *Book
	errs        xlsx.ErrorList
	sheetOrder  []string
	date1904    bool
	smallSheets bool                          // every worksheet part is small enough for formula look-ups
	parts       map[string]xlsx.Part          // by sheet name, from the zip; may miss sheets
	lookups     bool                          // formulas without a stored value may be looked up on this sheet
	formulas    bool                          // this sheet may hold a formula (ScanSheet found one, or could not look)
	failed      map[model.Ref]bool            // values that had a parse error: the model's checks skip them
	errCells    map[xlsx.Pos]bool             // cells already holding an error
	tickers     map[string]string             // normalised ticker → the Miners sheet's spelling
	excluded    map[string]bool               // normalised tickers of miners left out by their Include column
	warned      map[string]bool               // one-time warnings already logged
	columns     map[string]map[string]*column // by table, the columns found
	broken      map[string]bool               // tables whose sheet could not be read: their rows are missing
	kinds       map[string][]uint64           // by sheet, its boolean and date cells (cellKey), once scanned
	dateStyles  map[int]bool                  // cell styles that show a date or a time, once looked up
}

func (r *reader) errorf(p xlsx.Pos, format string, args ...any) {
	if r.errCells == nil {
		r.errCells = map[xlsx.Pos]bool{}
	}
	r.errCells[p] = true
	r.errs.Add(p, format, args...)
}

// broke reports a problem that leaves a sheet unread.
func (r *reader) broke(table string, p xlsx.Pos, format string, args ...any) {
	if r.broken == nil {
		r.broken = map[string]bool{}
	}
	r.broken[table] = true
	r.errorf(p, format, args...)
}

func (r *reader) note(p xlsx.Pos, format string, args ...any) {
	r.book.Log = append(r.book.Log, LogEntry{Pos: p, Level: LevelNote, Text: fmt.Sprintf(format, args...)})
}

func (r *reader) warn(p xlsx.Pos, format string, args ...any) {
	r.book.Log = append(r.book.Log, LogEntry{Pos: p, Level: LevelWarning, Text: fmt.Sprintf(format, args...)})
}

func (r *reader) pos(sheet string, row, col int) xlsx.Pos {
	return xlsx.Pos{File: r.file, Sheet: sheet, Row: row, Col: col}
}
