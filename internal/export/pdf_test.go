package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pdfText extracts the text of a PDF with poppler's pdftotext, the way a
// reader or a screen reader's PDF engine would see it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (Debian poppler-utils) is required under CI")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func pdfInfo(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo not installed")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return string(out)
}

const dutchSample = "Cliënt Anaïs Çelik heeft één ‘kleine’ “vraag” – kosten € 12,50 — café à la carte, ruïne, geüpdatet, coördinatie, Ÿ œ ™ … • „citaat”"

func TestWritePDFDutchCharacters(t *testing.T) {
	doc := Document{
		Title:    "Inzage persoonsgegevens – Zoë Ëlberg",
		Subtitle: "Overzicht volgens artikel 15 AVG",
		Author:   "Zorgkantoor Utrecht",
		Created:  time.Date(2026, 3, 5, 9, 15, 0, 0, time.UTC),
		Footer:   "Vertrouwelijk",
		Blocks: []Block{
			Heading{Text: "Gegevens van de cliënt", Level: 1},
			Paragraph{Text: dutchSample},
			KeyValues{Pairs: []KeyValue{
				{Key: "Naam", Value: "Zoë Ëlberg"},
				{Key: "Geboortedatum", Value: "01-02-1990"},
				{Key: "Vertegenwoordiger", Value: "Jörg Müller (curator)"},
			}},
			Heading{Text: "Toestemmingen", Level: 2},
			Table{
				Name:   "Wie mag wat zien",
				Header: []string{"Wat", "Met wie", "Sinds"},
				Rows: [][]any{
					{"Slaapgegevens", "Naaste Ünal", Date(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC))},
					{"Plan", "Mentor Noël", 3.5},
				},
			},
			Paragraph{Text: "Buiten Windows-1252: Ayşe Yılmaz, Łukasz, Dvořák, Łódź, Őrség", Muted: true},
		},
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("output is not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	// pdftotext joins wrapped lines with newlines and -layout pads with
	// spaces; compare with whitespace collapsed.
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Inzage persoonsgegevens – Zoë Ëlberg",
		"Gegevens van de cliënt",
		"Cliënt Anaïs Çelik heeft één ‘kleine’ “vraag” – kosten € 12,50 — café à la carte, ruïne, geüpdatet, coördinatie, Ÿ œ ™ … • „citaat”",
		"Zoë Ëlberg", "Jörg Müller (curator)",
		"Naaste Ünal", "02-01-2025", "Mentor Noël", "3,5",
		"Buiten Windows-1252: Ayşe Yılmaz, Łukasz, Dvořák, Łódź, Őrség",
		"Vertrouwelijk · Gemaakt op 05-03-2026 10:15",
		"Pagina 1 van 1",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q\n--- text ---\n%s", want, text)
		}
	}
	info := pdfInfo(t, buf.Bytes())
	if !strings.Contains(info, "Inzage persoonsgegevens – Zoë Ëlberg") {
		t.Errorf("PDF title metadata wrong:\n%s", info)
	}
	if !strings.Contains(info, "Zorgkantoor Utrecht") {
		t.Errorf("PDF author metadata wrong:\n%s", info)
	}
}

func TestWritePDFLongTableBreaksPages(t *testing.T) {
	var rows [][]any
	for i := range 120 {
		rows = append(rows, []any{i + 1, "Regel met een vrij lange omschrijving die in een smalle kolom moet afbreken, rij " + FormatCell(i+1), "ë"})
	}
	doc := Document{Title: "Lang", Lang: "en", Blocks: []Block{Table{Header: []string{"Nr", "Omschrijving", "Teken"}, Rows: rows}}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, doc); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Fatalf("expected several pages, got %d", pages)
	}
	// The header row is repeated on every page.
	if n := strings.Count(text, "Omschrijving"); n != pages {
		t.Errorf("header printed %d times on %d pages", n, pages)
	}
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"rij 1 ", "rij 120", "Page 1 of "} {
		if !strings.Contains(flat, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestPrintable(t *testing.T) {
	cases := []struct{ in, want string }{
		{"abc", "abc"},
		{"Ayşe Yılmaz", "Ayşe Yılmaz"},
		{"a\x00b\x1bc", "a b c"},
		{"\u0085", " "},
		{"x\ty", "x    y"},
		{"a\nb", "a\nb"},
		{"a\xffb", "a\ufffdb"},
	}
	for _, c := range cases {
		if got := printable(c.in); got != c.want {
			t.Errorf("printable(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWritePDFEmptyAndUnknownBlock(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePDF(&buf, Document{}); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("empty document: %v", err)
	}
	if err := WritePDF(&buf, Document{Blocks: []Block{nil}}); err == nil {
		t.Error("nil block accepted")
	}
	// A long unbroken word in a narrow table column must not loop or panic.
	buf.Reset()
	long := strings.Repeat("x", 500)
	doc := Document{Blocks: []Block{
		Table{Header: []string{"a", "b", "c", "d", "e", "f", "g", "h"}, Rows: [][]any{{long, long, long, long, long, long, long, long}}},
		KeyValues{Pairs: []KeyValue{{Key: long, Value: long}}},
		Heading{Text: long, Level: 3},
		PageBreak{},
		Paragraph{Text: "na de pagina-einde"},
	}}
	if err := WritePDF(&buf, doc); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	if strings.Count(text, "\f") < 2 || !strings.Contains(text, "na de pagina-einde") {
		t.Errorf("page break or paragraph missing")
	}
}

// TestWritePDFShortColumnsKeepTheirWords: beside a column of long texts,
// the short columns (a status, a date, a name of one long word) get the
// width of their longest word instead of breaking it in the middle.
func TestWritePDFShortColumnsKeepTheirWords(t *testing.T) {
	long := "Afspraken met de leverancier over support en gegevens (verwerkersovereenkomst) en over de scholing van het hele team"
	var rows [][]any
	for range 4 {
		rows = append(rows, []any{"Samenwerking met de leverancier", long, "Opleidingsadviseur", Date(time.Date(2026, 9, 7, 0, 0, 0, 0, time.UTC)), "Roosterdruk in de zomer en de vakantie", "Klaar"})
	}
	doc := Document{Title: "Plan", Blocks: []Block{Table{Header: []string{"Stap", "Taak", "Eigenaar", "Klaar op", "Risico", "Status"}, Rows: rows}}}
	var buf bytes.Buffer
	if err := WritePDF(&buf, doc); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Opleidingsadviseur", "07-09-2026", "Status", "Klaar", "Eigenaar"} {
		if n := strings.Count(text, want); n == 0 {
			t.Errorf("%q is broken across lines:\n%s", want, text)
		}
	}
}
