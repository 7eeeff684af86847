package clients

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/volwaardig/volwaardig/internal/export"
)

// inzage is everything the register holds about one client, plus the other
// modules' sections: the content of the right of access (AVG art. 15).
type inzage struct {
	GeneratedAt     time.Time
	Client          Client
	ShowBSN         bool
	HasAccount      bool
	Care            []CareRelation
	Representatives []Representative
	Consents        []Consent
	Emergency       []EmergencyAccess
	Sections        []Section
}

func (s *Service) buildInzage(ctx context.Context, a *access) (*inzage, error) {
	c, err := s.Get(ctx, a.ref.ID)
	if err != nil {
		return nil, err
	}
	if !a.showBSN {
		c.BSN = ""
	}
	in := &inzage{GeneratedAt: s.now(), Client: c, ShowBSN: a.showBSN}
	if in.Care, err = s.CareRelations(ctx, c.ID); err != nil {
		return nil, err
	}
	if in.Representatives, err = s.Representatives(ctx, c.ID); err != nil {
		return nil, err
	}
	if in.Consents, err = s.Consents(ctx, c.ID); err != nil {
		return nil, err
	}
	if in.Emergency, err = s.EmergencyAccesses(ctx, c.ID); err != nil {
		return nil, err
	}
	uid, err := s.accountOf(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	in.HasAccount = uid != 0
	for _, fn := range s.Sections {
		sec, err := fn(ctx, c.ID)
		if err != nil {
			return nil, fmt.Errorf("inzage section: %w", err)
		}
		in.Sections = append(in.Sections, sec)
	}
	return in, nil
}

// JSON shapes of the API. Dates are ISO (jjjj-mm-dd), moments RFC 3339.

type clientJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	BirthDate string    `json:"birth_date,omitempty"`
	Region    string    `json:"region"`
	BSN       string    `json:"bsn,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	Email     string    `json:"email,omitempty"`
	Address   string    `json:"address,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toClientJSON(c Client, showBSN bool) clientJSON {
	j := clientJSON{ID: c.ID, Name: c.Name, BirthDate: dateText(c.BirthDate), Region: c.Region, Phone: c.Phone, Email: c.Email, Address: c.Address, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if showBSN {
		j.BSN = c.BSN.Digits()
	}
	return j
}

type careJSON struct {
	Kind  CareKind   `json:"kind"`
	RefID int64      `json:"ref_id"`
	Label string     `json:"label,omitempty"`
	Start time.Time  `json:"start"`
	End   *time.Time `json:"end,omitempty"`
}

type representativeJSON struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	Relation   Relation   `json:"relation"`
	Legal      bool       `json:"legal_representative"`
	MayAct     bool       `json:"may_act_on_behalf"`
	ValidFrom  time.Time  `json:"valid_from"`
	ValidUntil *time.Time `json:"valid_until,omitempty"`
	GrantedBy  int64      `json:"granted_by"`
	GrantedAt  time.Time  `json:"granted_at"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

type consentJSON struct {
	ID             int64      `json:"id"`
	Subject        Subject    `json:"subject"`
	RecipientKind  string     `json:"recipient_kind,omitempty"`
	RecipientID    int64      `json:"recipient_id,omitempty"`
	RecipientLabel string     `json:"recipient_label,omitempty"`
	Basis          Basis      `json:"basis"`
	GivenBy        int64      `json:"given_by,omitempty"`
	Note           string     `json:"note,omitempty"`
	ValidFrom      time.Time  `json:"valid_from"`
	ValidUntil     *time.Time `json:"valid_until,omitempty"`
	RecordedAt     time.Time  `json:"recorded_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
}

type emergencyJSON struct {
	UserID    int64     `json:"user_id"`
	Role      string    `json:"role"`
	Reason    string    `json:"reason"`
	GrantedAt time.Time `json:"granted_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func opt(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func toCareJSON(list []CareRelation) []careJSON {
	out := []careJSON{}
	for _, c := range list {
		out = append(out, careJSON{Kind: c.Kind, RefID: c.RefID, Label: c.Label, Start: c.Start, End: opt(c.End)})
	}
	return out
}

func toRepsJSON(list []Representative) []representativeJSON {
	out := []representativeJSON{}
	for _, r := range list {
		out = append(out, representativeJSON{ID: r.ID, UserID: r.UserID, Name: r.Name, Relation: r.Relation, Legal: r.Relation.Legal(), MayAct: r.MayAct,
			ValidFrom: r.ValidFrom, ValidUntil: opt(r.ValidUntil), GrantedBy: r.GrantedBy, GrantedAt: r.GrantedAt, RevokedAt: opt(r.RevokedAt)})
	}
	return out
}

func toConsentsJSON(list []Consent) []consentJSON {
	out := []consentJSON{}
	for _, c := range list {
		out = append(out, consentJSON{ID: c.ID, Subject: c.Subject, RecipientKind: c.RecipientKind, RecipientID: c.RecipientID, RecipientLabel: c.RecipientLabel,
			Basis: c.Basis, GivenBy: c.GivenBy, Note: c.Note, ValidFrom: c.ValidFrom, ValidUntil: opt(c.ValidUntil), RecordedAt: c.RecordedAt, WithdrawnAt: opt(c.WithdrawnAt)})
	}
	return out
}

// inzageJSON is the right-of-access export; each module's section is its
// own shape (its title, fields and tables, or its own data).
type inzageJSON struct {
	GeneratedAt     time.Time            `json:"generated_at"`
	Client          clientJSON           `json:"client"`
	HasAccount      bool                 `json:"has_account"`
	CareRelations   []careJSON           `json:"care_relations"`
	Representatives []representativeJSON `json:"representatives"`
	Consents        []consentJSON        `json:"consents"`
	EmergencyAccess []emergencyJSON      `json:"emergency_access"`
	Sections        map[string]any       `json:"sections"`
}

func (in *inzage) json() inzageJSON {
	em := []emergencyJSON{}
	for _, e := range in.Emergency {
		em = append(em, emergencyJSON{UserID: e.UserID, Role: e.Role, Reason: e.Reason, GrantedAt: e.GrantedAt, ExpiresAt: e.ExpiresAt})
	}
	sections := map[string]any{}
	for _, sec := range in.Sections {
		if sec.Data != nil {
			sections[sec.Key] = sec.Data
		} else {
			sections[sec.Key] = map[string]any{"title": sec.Title, "fields": sec.Fields, "tables": sec.Tables}
		}
	}
	return inzageJSON{
		GeneratedAt:     in.GeneratedAt,
		Client:          toClientJSON(in.Client, in.ShowBSN),
		HasAccount:      in.HasAccount,
		CareRelations:   toCareJSON(in.Care),
		Representatives: toRepsJSON(in.Representatives),
		Consents:        toConsentsJSON(in.Consents),
		EmergencyAccess: em,
		Sections:        sections,
	}
}

// pdf renders the inzage for print; the accessible version is the page.
func (in *inzage) pdf(f fmtr, org string) ([]byte, error) {
	c := in.Client
	bsn := "verborgen"
	if in.ShowBSN {
		bsn = "onbekend"
		if c.BSN != "" {
			bsn = c.BSN.Formatted()
		}
	}
	dash := func(s string) string {
		if s == "" {
			return "–"
		}
		return s
	}
	doc := export.Document{
		Title:    "Inzage persoonsgegevens – " + c.Name,
		Subtitle: "Alle gegevens die Volwaardig over u bewaart (artikel 15 AVG)",
		Author:   org,
		Subject:  "Inzage persoonsgegevens",
		Created:  in.GeneratedAt,
		Footer:   "Vertrouwelijk: bevat persoonsgegevens",
		Blocks: []export.Block{
			export.Heading{Text: "Persoonsgegevens", Level: 1},
			export.KeyValues{Pairs: []export.KeyValue{
				{Key: "Naam", Value: c.Name},
				{Key: "Geboortedatum", Value: f.Date(c.BirthDate)},
				{Key: "BSN", Value: bsn},
				{Key: "Zorgkantoorregio", Value: dash(c.Region)},
				{Key: "Telefoonnummer", Value: dash(c.Phone)},
				{Key: "E-mailadres", Value: dash(c.Email)},
				{Key: "Adres", Value: dash(c.Address)},
				{Key: "Ingeschreven op", Value: f.DateTime(c.CreatedAt)},
				{Key: "Laatst gewijzigd", Value: f.DateTime(c.UpdatedAt)},
				{Key: "Eigen account", Value: map[bool]string{true: "ja", false: "nee"}[in.HasAccount]},
			}},
		},
	}
	add := func(b ...export.Block) { doc.Blocks = append(doc.Blocks, b...) }
	add(export.Heading{Text: "Zorgrelaties", Level: 1})
	if len(in.Care) == 0 {
		add(export.Paragraph{Text: "Geen zorgrelaties vastgelegd."})
	} else {
		t := export.Table{Header: []string{"Soort", "Wie", "Vanaf", "Tot"}}
		for _, r := range in.Care {
			who := r.Label
			if who == "" {
				who = fmt.Sprint(r.RefID)
			}
			t.Rows = append(t.Rows, []any{r.KindLabel(), who, f.Date(r.Start), f.Date(r.End)})
		}
		add(t)
	}
	add(export.Heading{Text: "Vertegenwoordigers en naasten", Level: 1})
	if len(in.Representatives) == 0 {
		add(export.Paragraph{Text: "Geen vertegenwoordigers of naasten vastgelegd."})
	} else {
		t := export.Table{Header: []string{"Naam", "Relatie", "Mag handelen", "Vanaf", "Tot", "Ingetrokken"}}
		for _, r := range in.Representatives {
			t.Rows = append(t.Rows, []any{r.Name, r.Relation.Label(), r.MayAct, f.Date(r.ValidFrom), f.Date(r.ValidUntil), f.Date(r.RevokedAt)})
		}
		add(t)
	}
	add(export.Heading{Text: "Toestemmingen en grondslagen", Level: 1})
	if len(in.Consents) == 0 {
		add(export.Paragraph{Text: "Geen toestemmingen of grondslagen vastgelegd."})
	} else {
		t := export.Table{Header: []string{"Wat", "Met wie", "Grondslag", "Vanaf", "Tot", "Ingetrokken"}}
		for _, c := range in.Consents {
			who := c.RecipientLabel
			if c.RecipientKind == RecipientNone {
				who = "grondslag voor de verwerking"
			}
			basis := c.Basis.Label()
			if c.Note != "" {
				basis += " (" + c.Note + ")"
			}
			t.Rows = append(t.Rows, []any{c.Subject.Label(), who, basis, f.Date(c.ValidFrom), f.Date(c.ValidUntil), f.Date(c.WithdrawnAt)})
		}
		add(t)
	}
	add(export.Heading{Text: "Noodtoegang tot uw dossier", Level: 1})
	if len(in.Emergency) == 0 {
		add(export.Paragraph{Text: "Niemand heeft uw dossier met noodtoegang geopend."})
	} else {
		t := export.Table{Header: []string{"Wanneer", "Rol", "Reden", "Tot"}}
		for _, e := range in.Emergency {
			t.Rows = append(t.Rows, []any{f.DateTime(e.GrantedAt), e.Role, e.Reason, f.DateTime(e.ExpiresAt)})
		}
		add(t)
	}
	for _, sec := range in.Sections {
		add(export.Heading{Text: sec.Title, Level: 1})
		if sec.Intro != "" {
			add(export.Paragraph{Text: sec.Intro})
		}
		if len(sec.Fields) > 0 {
			kv := export.KeyValues{}
			for _, fl := range sec.Fields {
				kv.Pairs = append(kv.Pairs, export.KeyValue{Key: fl.Label, Value: fl.Value})
			}
			add(kv)
		}
		for _, st := range sec.Tables {
			t := export.Table{Name: st.Caption, Header: st.Header}
			for _, r := range st.Rows {
				row := make([]any, len(r))
				for i, v := range r {
					row[i] = v
				}
				t.Rows = append(t.Rows, row)
			}
			add(t)
		}
	}
	var buf bytes.Buffer
	if err := export.WritePDF(&buf, doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fmtr is the part of web.Formatter the PDF uses.
type fmtr interface {
	Date(time.Time) string
	DateTime(time.Time) string
}
