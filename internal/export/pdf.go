package export

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/volwaardig/volwaardig/internal/web"
)

// Document is a simple printable document: a title and a sequence of
// blocks. Modules build one for a report or an export and call WritePDF;
// layout, page breaks, page numbers and the Dutch characters are handled
// here once.
type Document struct {
	Title    string
	Subtitle string
	Author   string // organisation or person, PDF metadata
	Subject  string // PDF metadata
	// Lang is "nl" (default) or "en"; it sets the PDF's language and the
	// page-number wording.
	Lang string
	// Created is printed in the footer and stored as the creation date;
	// zero leaves the footer without a date.
	Created time.Time
	// Footer is printed at the bottom left of every page, e.g.
	// "Vertrouwelijk: bevat persoonsgegevens".
	Footer string
	Blocks []Block
}

// Block is one element of a Document: Heading, Paragraph, KeyValues, Table
// or PageBreak.
type Block interface{ pdfBlock() }

// Heading starts a section; Level 1 or 2 (a deeper level prints as 2). It is
// also an entry of the PDF's outline so readers can jump to it.
type Heading struct {
	Text  string
	Level int
}

// Paragraph is running text; line breaks in Text are kept.
type Paragraph struct {
	Text string
	// Muted prints the text smaller and grey, for notes and explanations.
	Muted bool
}

// KeyValue is one labelled value, such as "Geboortedatum: 01-02-1990".
type KeyValue struct {
	Key   string
	Value string
}

// KeyValues is a list of labelled values printed as two columns.
type KeyValues struct {
	Pairs []KeyValue
}

// PageBreak starts a new page.
type PageBreak struct{}

func (Heading) pdfBlock()   {}
func (Paragraph) pdfBlock() {}
func (KeyValues) pdfBlock() {}
func (Table) pdfBlock()     {}
func (PageBreak) pdfBlock() {}

// Page layout in millimetres and points.
const (
	pdfMargin     = 20.0
	pdfBodySize   = 10.0
	pdfLineHeight = 5.0
	pdfCellPad    = 1.5
	pdfFont       = "Go"
)

// WritePDF renders doc as an A4 PDF with page numbers and an outline of
// the headings. It embeds (a subset of) the Go fonts, which cover Latin,
// Greek and Cyrillic with their accents (WGL4), so that every name prints
// as written: "Ayşe Yılmaz", "Łukasz", "Dvořák", which the core PDF fonts'
// Windows-1252 cannot show.
func WritePDF(w io.Writer, doc Document) error {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(pdfFont, "", goregular.TTF)
	f.AddUTF8FontFromBytes(pdfFont, "B", gobold.TTF)
	pw := &pdfWriter{f: f, doc: doc}
	pw.setup()
	pw.title()
	for _, b := range doc.Blocks {
		switch b := b.(type) {
		case Heading:
			pw.heading(b)
		case Paragraph:
			pw.paragraph(b)
		case KeyValues:
			pw.keyValues(b)
		case Table:
			pw.table(b)
		case *Table:
			pw.table(*b)
		case PageBreak:
			f.AddPage()
		default:
			return fmt.Errorf("export: unknown PDF block %T", b)
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("render PDF: %w", err)
	}
	return f.Output(w)
}

type pdfWriter struct {
	f   *fpdf.Fpdf
	doc Document
}

func (pw *pdfWriter) setup() {
	f, doc := pw.f, pw.doc
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, pdfMargin)
	f.SetCreator("Volwaardig", false)
	f.SetProducer("Volwaardig", false)
	// fpdf stores UTF-8 metadata as UTF-16 text strings, which keep
	// every character.
	if doc.Title != "" {
		f.SetTitle(printable(doc.Title), true)
	}
	if doc.Author != "" {
		f.SetAuthor(printable(doc.Author), true)
	}
	if doc.Subject != "" {
		f.SetSubject(printable(doc.Subject), true)
	}
	if doc.Lang == "en" {
		f.SetLang("en-GB")
	} else {
		f.SetLang("nl-NL")
	}
	if !doc.Created.IsZero() {
		f.SetCreationDate(doc.Created)
		f.SetModificationDate(doc.Created)
	}
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(pw.footer)
	f.AddPage()
}

func (pw *pdfWriter) footer() {
	f := pw.f
	f.SetY(-pdfMargin + 6)
	f.SetFont(pdfFont, "", 8)
	f.SetTextColor(90, 90, 90)
	left := pw.doc.Footer
	if !pw.doc.Created.IsZero() {
		label := "Gemaakt op"
		if pw.doc.Lang == "en" {
			label = "Created on"
		}
		stamp := label + " " + pw.doc.Created.In(web.Amsterdam()).Format("02-01-2006 15:04")
		if left != "" {
			left += " · " + stamp
		} else {
			left = stamp
		}
	}
	page := fmt.Sprintf("Pagina %d van {nb}", f.PageNo())
	if pw.doc.Lang == "en" {
		page = fmt.Sprintf("Page %d of {nb}", f.PageNo())
	}
	width := pw.contentWidth()
	pageW := f.GetStringWidth(page) + 2
	f.CellFormat(width-pageW, 4, pw.fit(printable(left), width-pageW), "", 0, "L", false, 0, "")
	f.CellFormat(pageW, 4, page, "", 0, "R", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

func (pw *pdfWriter) contentWidth() float64 {
	w, _ := pw.f.GetPageSize()
	return w - 2*pdfMargin
}

// remaining is the height left on the page above the bottom margin.
func (pw *pdfWriter) remaining() float64 {
	_, h := pw.f.GetPageSize()
	return h - pdfMargin - pw.f.GetY()
}

// fit shortens a line with an ellipsis so it fits width, cutting whole
// characters.
func (pw *pdfWriter) fit(s string, width float64) string {
	if pw.f.GetStringWidth(s) <= width {
		return s
	}
	const ell = "…"
	r := []rune(s)
	for len(r) > 0 && pw.f.GetStringWidth(string(r)+ell) > width {
		r = r[:len(r)-1]
	}
	return string(r) + ell
}

// printable makes text safe to lay out: control characters (which a name
// or free text from outside may hold) become a space, a tab four, and
// invalid UTF-8 the replacement character; line breaks stay.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && (unicode.IsControl(r) || r == utf8.RuneError) }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteString("    ")
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r) // RuneError is written as U+FFFD
		}
	}
	return b.String()
}

func (pw *pdfWriter) title() {
	f := pw.f
	if pw.doc.Title != "" {
		f.SetFont(pdfFont, "B", 18)
		pw.lines(printable(pw.doc.Title), pw.contentWidth(), 8)
		f.Bookmark(printable(pw.doc.Title), 0, -1)
	}
	if pw.doc.Subtitle != "" {
		f.SetFont(pdfFont, "", 12)
		f.SetTextColor(60, 60, 60)
		pw.lines(printable(pw.doc.Subtitle), pw.contentWidth(), 6)
		f.SetTextColor(0, 0, 0)
	}
	f.Ln(4)
}

// lines writes text wrapped to width, line by line, so automatic
// page breaks fall between lines.
func (pw *pdfWriter) lines(s string, width, lh float64) {
	x := pw.f.GetX()
	for _, ln := range pw.split(s, width) {
		pw.f.SetX(x)
		pw.f.CellFormat(width, lh, ln, "", 1, "L", false, 0, "")
	}
}

// split wraps text to width with the current font; an empty text is
// one empty line.
func (pw *pdfWriter) split(s string, width float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		for _, l := range pw.f.SplitLines([]byte(para), width) {
			out = append(out, string(l))
		}
	}
	return out
}

func (pw *pdfWriter) heading(h Heading) {
	f := pw.f
	size, lh, gap := 14.0, 7.0, 4.0
	if h.Level >= 2 {
		size, lh, gap = 12, 6, 3
	}
	f.SetFont(pdfFont, "B", size)
	text := printable(h.Text)
	lines := pw.split(text, pw.contentWidth())
	// Keep a heading with at least three lines of what follows.
	if pw.remaining() < gap+float64(len(lines))*lh+3*pdfLineHeight {
		f.AddPage()
	} else {
		f.Ln(gap)
	}
	level := 1
	if h.Level >= 2 {
		level = 2
	}
	f.Bookmark(printable(h.Text), level, -1)
	pw.lines(text, pw.contentWidth(), lh)
	f.Ln(1)
}

func (pw *pdfWriter) paragraph(p Paragraph) {
	f := pw.f
	if p.Muted {
		f.SetFont(pdfFont, "", 9)
		f.SetTextColor(80, 80, 80)
	} else {
		f.SetFont(pdfFont, "", pdfBodySize)
	}
	pw.lines(printable(p.Text), pw.contentWidth(), pdfLineHeight)
	f.SetTextColor(0, 0, 0)
	f.Ln(2)
}

func (pw *pdfWriter) keyValues(kv KeyValues) {
	f := pw.f
	width := pw.contentWidth()
	f.SetFont(pdfFont, "B", pdfBodySize)
	keyW := 0.0
	for _, p := range kv.Pairs {
		keyW = max(keyW, f.GetStringWidth(printable(p.Key))+4)
	}
	keyW = min(max(keyW, 30), width*0.4)
	valW := width - keyW
	for _, p := range kv.Pairs {
		f.SetFont(pdfFont, "B", pdfBodySize)
		keys := pw.split(printable(p.Key), keyW-2)
		f.SetFont(pdfFont, "", pdfBodySize)
		vals := pw.split(printable(p.Value), valW)
		n := max(len(keys), len(vals))
		if pw.remaining() < float64(n)*pdfLineHeight {
			f.AddPage()
		}
		y := f.GetY()
		for i := 0; i < n; i++ {
			f.SetXY(pdfMargin, y+float64(i)*pdfLineHeight)
			if i < len(keys) {
				f.SetFont(pdfFont, "B", pdfBodySize)
				f.CellFormat(keyW, pdfLineHeight, keys[i], "", 0, "L", false, 0, "")
			} else {
				f.SetX(pdfMargin + keyW)
			}
			if i < len(vals) {
				f.SetFont(pdfFont, "", pdfBodySize)
				f.CellFormat(valW, pdfLineHeight, vals[i], "", 0, "L", false, 0, "")
			}
		}
		f.SetXY(pdfMargin, y+float64(n)*pdfLineHeight+1)
	}
	f.Ln(2)
}

// table prints t with a header row repeated on every page; columns get
// widths in proportion to their content, and long cells wrap.
func (pw *pdfWriter) table(t Table) {
	f := pw.f
	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	const size = 9.0
	const lh = 4.5
	if t.Name != "" {
		f.SetFont(pdfFont, "B", pdfBodySize)
		if pw.remaining() < 3*pdfLineHeight {
			f.AddPage()
		}
		pw.lines(printable(t.Name), pw.contentWidth(), pdfLineHeight)
	}
	header := make([]string, cols)
	for i := range header {
		if i < len(t.Header) {
			header[i] = printable(t.Header[i])
		}
	}
	rows := make([][]string, len(t.Rows))
	for ri, r := range t.Rows {
		rows[ri] = make([]string, cols)
		for i, v := range r {
			rows[ri][i] = printable(FormatCell(v))
		}
	}
	widths := pw.columnWidths(header, rows, size)
	drawRow := func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		f.SetFont(pdfFont, style, size)
		wrapped := make([][]string, cols)
		n := 1
		for i, c := range cells {
			wrapped[i] = pw.split(c, widths[i]-2*pdfCellPad+2*f.GetCellMargin())
			n = max(n, len(wrapped[i]))
		}
		h := float64(n)*lh + 2*pdfCellPad
		if pw.remaining() < h {
			f.AddPage()
			if !bold && len(t.Header) > 0 {
				pw.tableHeader(header, widths, size, lh)
				f.SetFont(pdfFont, style, size)
			}
		}
		pw.drawCells(wrapped, widths, h, lh, bold)
	}
	if len(t.Header) > 0 {
		if pw.remaining() < 4*lh {
			f.AddPage()
		}
		pw.tableHeader(header, widths, size, lh)
	}
	for _, r := range rows {
		drawRow(r, false)
	}
	f.Ln(3)
}

func (pw *pdfWriter) tableHeader(header []string, widths []float64, size, lh float64) {
	f := pw.f
	f.SetFont(pdfFont, "B", size)
	wrapped := make([][]string, len(header))
	n := 1
	for i, c := range header {
		wrapped[i] = pw.split(c, widths[i]-2*pdfCellPad+2*f.GetCellMargin())
		n = max(n, len(wrapped[i]))
	}
	pw.drawCells(wrapped, widths, float64(n)*lh+2*pdfCellPad, lh, true)
}

func (pw *pdfWriter) drawCells(wrapped [][]string, widths []float64, h, lh float64, header bool) {
	f := pw.f
	x, y := pdfMargin, f.GetY()
	style := "D"
	if header {
		f.SetFillColor(235, 237, 240)
		style = "FD"
	}
	for i, lines := range wrapped {
		f.Rect(x, y, widths[i], h, style)
		for j, l := range lines {
			f.SetXY(x+pdfCellPad-f.GetCellMargin(), y+pdfCellPad+float64(j)*lh)
			f.CellFormat(widths[i]-2*pdfCellPad+2*f.GetCellMargin(), lh, l, "", 0, "L", false, 0, "")
		}
		x += widths[i]
	}
	f.SetXY(pdfMargin, y+h)
}

// columnWidths shares the content width among the columns in proportion to
// their natural width, each counted as at least 15 mm and at most 60% of the
// page so one long column cannot squeeze the others. A column is never
// narrower than its longest word (while the words fit the page at all):
// a short column beside a long one would otherwise break "Klaar" or a
// date in the middle ("Kla-ar", "07-09-/2026").
func (pw *pdfWriter) columnWidths(header []string, rows [][]string, size float64) []float64 {
	f := pw.f
	total := pw.contentWidth()
	cols := len(header)
	nat := make([]float64, cols)
	word := make([]float64, cols)
	longestWord := func(s string) float64 {
		w := 0.0
		for _, fld := range strings.Fields(s) {
			w = max(w, f.GetStringWidth(fld))
		}
		return w
	}
	f.SetFont(pdfFont, "B", size)
	for i, h := range header {
		nat[i] = f.GetStringWidth(h)
		word[i] = longestWord(h)
	}
	f.SetFont(pdfFont, "", size)
	for ri, r := range rows {
		if ri >= 500 {
			break
		}
		for i, c := range r {
			nat[i] = max(nat[i], f.GetStringWidth(c))
			word[i] = max(word[i], longestWord(c))
		}
	}
	sum, minSum := 0.0, 0.0
	for i := range nat {
		nat[i] = min(max(nat[i]+2*pdfCellPad+1, 15), total*0.6)
		word[i] = min(word[i]+2*pdfCellPad+1, nat[i])
		sum += nat[i]
		minSum += word[i]
	}
	// Scale to the full width both ways: a narrow table is stretched (it
	// reads better than a ragged one) and a wide one shrinks, and wraps.
	out := make([]float64, cols)
	for i := range nat {
		out[i] = nat[i] * total / sum
	}
	if minSum > total {
		return out
	}
	// Give a column that came out narrower than its longest word that
	// word's width, and share what is left among the others in proportion;
	// repeat, as a shrunk column may now fall below its own word.
	fixed := make([]bool, cols)
	for changed := true; changed; {
		changed = false
		left, free := total, 0.0
		for i := range out {
			if fixed[i] {
				left -= out[i]
			} else {
				free += nat[i]
			}
		}
		for i := range out {
			if !fixed[i] {
				out[i] = nat[i] * left / free
			}
		}
		for i := range out {
			if !fixed[i] && out[i] < word[i] {
				out[i], fixed[i], changed = word[i], true, true
			}
		}
	}
	return out
}
