package relatives

import (
	"bytes"
	"net/http"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/export"
	"github.com/volwaardig/volwaardig/internal/web"
)

// PlanDocument is the printable plan: what the reader may see of it, to
// print and hand over (to a new carer, a respite home, a GP on call).
func PlanDocument(pl Plan, lang string) export.Document {
	f := web.NewFormatter()
	t := func(nl, en string) string {
		if lang == web.LangEN {
			return en
		}
		return nl
	}
	doc := export.Document{Title: pl.Title, Lang: lang, Subject: t("Zorgtestament / goed-leven-plan", "Care will / good-life plan"),
		Footer: t("Vertrouwelijk: bevat persoonsgegevens", "Confidential: contains personal data")}
	kv := export.KeyValues{Pairs: []export.KeyValue{{Key: t("Opgesteld door", "Written by"), Value: pl.OwnerName}}}
	if pl.ClientName != "" {
		kv.Pairs = append(kv.Pairs, export.KeyValue{Key: t("Over", "About"), Value: pl.ClientName})
	}
	kv.Pairs = append(kv.Pairs, export.KeyValue{Key: t("Laatst bijgewerkt", "Last updated"), Value: f.Date(pl.UpdatedAt)},
		export.KeyValue{Key: t("Volgende controle", "Next review"), Value: f.Date(pl.ReviewAt)})
	doc.Blocks = append(doc.Blocks, kv)
	for _, sec := range Sections {
		if !pl.Sees(sec.Code) {
			continue
		}
		doc.Blocks = append(doc.Blocks, export.Heading{Text: t(sec.Label, sec.LabelEN), Level: 1})
		text := pl.Text[sec.Code]
		if text == "" {
			text = t("Nog niet ingevuld.", "Not filled in yet.")
		}
		doc.Blocks = append(doc.Blocks, export.Paragraph{Text: text})
	}
	if len(pl.Granted) < len(Sections) {
		doc.Blocks = append(doc.Blocks, export.Paragraph{Muted: true, Text: t("Dit zijn de onderdelen die met u gedeeld zijn.", "These are the parts shared with you.")})
	}
	return doc
}

// handlePlanPDF serves the plan as a PDF to print, recorded as a print
// of the plan on top of the read.
func (s *Service) handlePlanPDF(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	p := auth.FromContext(r.Context())
	pl, err := s.ReadPlan(r.Context(), p, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	doc := PlanDocument(pl, web.LangFromRequest(r))
	doc.Created = s.now()
	var buf bytes.Buffer
	if err := export.WritePDF(&buf, doc); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := s.aud.Record(r.Context(), p, planEvent(audit.ActionPrint, p, pl)); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="plan.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
