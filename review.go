package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"minergap/model"
	"minergap/xlsx"
	"minergap/xlsx/input"
	"minergap/xlsx/review"
)

// reviewProblems are the problems a review copy marks (SPEC §5 --review): every error of a
// workbook that failed to read, or the warnings of one that was read (the reader's, and with a
// result the model's), each on its cell where it has one. Errors that name no sheet (a file that
// is not a workbook) cannot be marked, so they give none.
func reviewProblems(book *input.Book, res *model.Result, err error) []review.Problem {
	var out []review.Problem
	add := func(p xlsx.Pos, warning bool, msg string) {
		if p.Sheet == "" {
			return
		}
		out = append(out, review.Problem{Sheet: p.Sheet, Row: p.Row, Col: p.Col, Warning: warning, Message: msg})
	}
	if err != nil {
		var list xlsx.ErrorList
		var cell *xlsx.CellError
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				add(e.Pos, false, e.Err.Error())
			}
		case errors.As(err, &cell):
			add(cell.Pos, false, cell.Err.Error())
		}
		return out
	}
	for _, w := range warnings(book, res) {
		add(w.Pos, true, w.Text)
	}
	return out
}

// writeReview writes in's review copy, NAME-review.xlsx in the output folder, when it has
// problems to mark, and returns its path (empty when none was due).
func (b *batch) writeReview(in job, book *input.Book, res *model.Result, readErr error) (string, error) {
	problems := reviewProblems(book, res, readErr)
	if len(problems) == 0 {
		return "", nil
	}
	path := filepath.Join(b.outDir, in.base()+"-review.xlsx")
	if other, ok := b.inputAt(path); ok {
		return "", fmt.Errorf("its review copy %s would overwrite the input %s; give another --out folder", path, other)
	}
	if err := os.MkdirAll(b.outDir, 0o755); err != nil {
		return "", fmt.Errorf("cannot create the output folder: %w", err)
	}
	if err := review.WriteFile(in.path, path, problems); err != nil {
		return "", err
	}
	return path, nil
}
