// Package review makes review copies of input workbooks: the analyst's own file handed back
// with every problem cell filled (red for an error, amber for a warning) and holding a note
// with its messages, and a new first sheet, Review, listing every problem with a link to its
// cell. Problems without a cell (a missing sheet or column) are listed only.
//
// # Why the zip is patched, not re-saved
//
// A workbook opened and saved again by a library comes back damaged in ways an analyst notices
// only later: list validations stored as mc:AlternateContent lose their formula, a sortState is
// dropped, threaded-comment links are lost, new notes on a sheet with form controls point at
// undefined shape types, and Strict OOXML comes back malformed. So Write never re-saves.
// It treats the .xlsx as the zip of XML parts it is and copies every part byte for byte, as
// its stored compressed bytes under its original header (zip.Writer.CreateRaw), except the
// few parts that must change:
//
//   - each problem sheet: the problem cells get a new s (style) attribute; a cell the sheet
//     does not have (a blank required value) is inserted in column order in its row, or in a
//     new row in row order; <dimension> grows only when a cell lies outside it; a
//     <legacyDrawing> is inserted at its schema position when the sheet had no notes;
//   - xl/styles.xml: two fills appended, and for each format a problem cell had, a clone of
//     that cell format (number format, font, border, alignment kept) with the fill;
//   - the sheet's comments part and VML drawing, extended, or created with their
//     relationships; an existing note keeps its text and gains the messages, its box taller
//     by their lines; a drawing holding only form controls keeps them and gains the note
//     shape type;
//   - xl/workbook.xml and its relationships: the Review sheet first in <sheets>, and every
//     sheet index (definedName localSheetId, the views' activeTab and firstSheet) shifted by
//     one; [Content_Types].xml for the new parts.
//
// Each change is spliced into the part's original text at byte offsets found by a small tag
// scanner (scan.go); no part is decoded and re-encoded, so namespace prefixes, attribute
// order, whitespace and unknown extensions survive. New elements take the prefix the part's
// root element uses, and a Strict workbook (purl.oclc.org namespaces) gets Strict
// relationships and namespaces in its new parts. Sheets resolve to parts through
// xl/workbook.xml and its relationships, whose targets may be relative or absolute.
//
// Changed parts are compressed again (at flate's best speed); new parts go at the end of the
// zip. The Review sheet uses inline strings, so the shared-strings part is never touched.
//
// A workbook that cannot be patched safely (password-protected, a legacy .xls, not a zip, no
// usable styles part) is an error, as is a problem with a cell on a sheet the workbook does not
// have; Write never writes a partial copy, and never writes to its input.
package review
