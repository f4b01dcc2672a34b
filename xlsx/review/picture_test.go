package review

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var picture = flag.Bool("picture", false, "render a review copy with LibreOffice into docs/review.png")

// brokenInputs is a small input workbook with the two mistakes analysts make most: a rate typed
// as a percentage number, and a project row without its IT MW.
func brokenInputs(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Assumptions"))
	for i, row := range [][]any{
		{"Assumption", "Value", "Unit", "Note"},
		{"As of date", time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), "date", ""},
		{"BTC price", 60000, "USD", "June 2026 close"},
		{"Corporate debt rate", 7, "fraction", "high-yield issues of 2026"},
		{"NOI margin", 0.85, "fraction", ""},
	} {
		must(f.SetSheetRow("Assumptions", "A"+strconv.Itoa(i+1), &row))
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 11}})
	must(err)
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
	must(err)
	money, err := f.NewStyle(&excelize.Style{NumFmt: 3})
	must(err)
	must(f.SetCellStyle("Assumptions", "A1", "D1", bold))
	must(f.SetCellStyle("Assumptions", "B2", "B2", date))
	must(f.SetCellStyle("Assumptions", "B3", "B3", money))
	must(f.SetCellStyle("Assumptions", "B4", "B5", pct))
	must(f.SetColWidth("Assumptions", "A", "A", 20))
	must(f.SetColWidth("Assumptions", "B", "B", 12))
	must(f.SetColWidth("Assumptions", "C", "C", 10))
	must(f.SetColWidth("Assumptions", "D", "D", 22))
	_, err = f.NewSheet("Projects")
	must(err)
	for i, row := range [][]any{
		{"Ticker", "Project", "Status", "Model", "IT MW", "Capex per MW", "Capex spent"},
		{"IREN", "Sweetwater 1", "Contracted", "Colocation", 1400, 10.5, 350},
		{"IREN", "Childress", "Under construction", "GPU cloud", nil, 10, nil},
	} {
		must(f.SetSheetRow("Projects", "A"+strconv.Itoa(i+1), &row))
	}
	must(f.SetCellStyle("Projects", "A1", "G1", bold))
	must(f.SetColWidth("Projects", "B", "C", 18))
	must(f.SetColWidth("Projects", "D", "G", 13))
	var b bytes.Buffer
	must(f.Write(&b))
	return b.Bytes()
}

var brokenProblems = []Problem{
	{Sheet: "Assumptions", Row: 4, Col: 2, Message: "corporate debt rate 7 is above 1; enter 7% or 0.07"},
	{Sheet: "Projects", Row: 3, Col: 5, Message: "IT MW is blank; enter the project's critical IT MW"},
	{Sheet: "Projects", Row: 3, Col: 7, Warning: true, Message: "Capex spent is blank for a project under construction; assumed nothing spent yet"},
	{Sheet: "Instruments", Warning: true, Message: "no Instruments sheet; existing convertibles and warrants are taken as none"},
}

// TestPicture renders the review copy of brokenInputs as LibreOffice prints it (its first two
// pages: the Review sheet and the Assumptions sheet) into docs/review.png, for the README.
// It runs only with -picture.
func TestPicture(t *testing.T) {
	if !*picture {
		t.Skip("renders docs/review.png only with -picture")
	}
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm (poppler-utils) is not on PATH")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "inputs.xlsx")
	if err := os.WriteFile(in, brokenInputs(t), 0o644); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "inputs-review.xlsx")
	if err := WriteFile(in, copyPath, brokenProblems); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(soffice(t, "pdf", copyPath), "inputs-review.pdf")
	prefix := filepath.Join(dir, "page")
	if b, err := exec.Command(pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "2", pdf, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, b)
	}
	pages, _ := filepath.Glob(prefix + "*.png")
	if len(pages) != 2 {
		t.Fatalf("pdftoppm made %d pages, want 2", len(pages))
	}
	var imgs []image.Image
	w, h := 0, 0
	for _, p := range pages {
		fh, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		img = trim(img, 16)
		imgs = append(imgs, img)
		w, h = max(w, img.Bounds().Dx()), h+img.Bounds().Dy()
	}
	all := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(all, all.Bounds(), image.White, image.Point{}, draw.Src)
	y := 0
	for _, img := range imgs {
		draw.Draw(all, image.Rect(0, y, img.Bounds().Dx(), y+img.Bounds().Dy()), img, img.Bounds().Min, draw.Src)
		y += img.Bounds().Dy()
		// a rule between the pages
		draw.Draw(all, image.Rect(0, y-1, w, y), image.NewUniform(color.Gray{Y: 200}), image.Point{}, draw.Src)
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, all); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", "review.png"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("docs/review.png: %d × %d, %d bytes", w, h, b.Len())
}

// trim crops a page to what is printed on it, keeping a white margin.
func trim(img image.Image, margin int) image.Image {
	b := img.Bounds()
	box := image.Rectangle{Min: b.Max, Max: b.Min}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r < 0xF000 || g < 0xF000 || bl < 0xF000 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if box.Empty() {
		return img
	}
	box = box.Inset(-margin).Intersect(b)
	out := image.NewRGBA(image.Rect(0, 0, box.Dx(), box.Dy()))
	draw.Draw(out, out.Bounds(), img, box.Min, draw.Src)
	return out
}
