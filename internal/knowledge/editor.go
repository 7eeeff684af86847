package knowledge

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// ItemInput is an item as an editor writes it (the form and the API).
type ItemInput struct {
	Kind       string   `json:"kind" required:"true"`
	Title      string   `json:"title" required:"true"`
	Slug       string   `json:"slug"`
	Summary    string   `json:"summary"`
	Body       string   `json:"body"`
	EasyBody   string   `json:"easy_body"`
	Owner      string   `json:"owner"`
	ReviewBy   string   `json:"review_by"` // dd-mm-jjjj or jjjj-mm-dd
	Source     string   `json:"source"`
	Phone      string   `json:"phone"`
	Website    string   `json:"website"`
	VideoURL   string   `json:"video_url"`
	Captions   string   `json:"captions"`
	Transcript string   `json:"transcript"`
	Roles      []string `json:"roles"`
	Phases     []string `json:"life_phases"`
	Triggers   []string `json:"triggers"`
	Themes     []string `json:"themes"`
	// Note says why the editor changed it (the version history shows it).
	Note string `json:"note"`
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Slugify makes an address part of a title: lower case, accents off,
// words joined by hyphens.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch r {
		case 'á', 'à', 'ä', 'â':
			r = 'a'
		case 'é', 'è', 'ë', 'ê':
			r = 'e'
		case 'í', 'ì', 'ï', 'î':
			r = 'i'
		case 'ó', 'ò', 'ö', 'ô':
			r = 'o'
		case 'ú', 'ù', 'ü', 'û':
			r = 'u'
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			if b.Len() >= 80 {
				break
			}
			continue
		}
		dash = true
	}
	return b.String()
}

// validate checks the whole input and returns every problem at once
// (issue 11), naming the form field; the item it would become otherwise.
func (in ItemInput) validate() (Item, error) {
	var errs []web.FieldError
	bad := func(field, nl, en string) {
		errs = append(errs, web.FieldError{Field: field, Message: nl, English: en})
	}
	in.Title = strings.TrimSpace(in.Title)
	it := Item{Kind: in.Kind, Title: in.Title, Summary: strings.TrimSpace(in.Summary), Body: strings.TrimSpace(in.Body), EasyBody: strings.TrimSpace(in.EasyBody),
		Owner: strings.TrimSpace(in.Owner), Source: strings.TrimSpace(in.Source), Phone: strings.TrimSpace(in.Phone), Website: strings.TrimSpace(in.Website),
		VideoURL: strings.TrimSpace(in.VideoURL), Captions: strings.TrimSpace(in.Captions), Transcript: strings.TrimSpace(in.Transcript), Tags: map[string][]string{}}
	if !validOption(FacetKind, in.Kind) {
		bad("kind", "Kies de soort.", "Choose the kind.")
	}
	if it.Title == "" {
		bad("title", "Vul een titel in.", "Enter a title.")
	} else if utf8.RuneCountInString(it.Title) > 150 {
		bad("title", "Maak de titel korter: hoogstens 150 tekens.", "Make the title shorter: at most 150 characters.")
	}
	it.Slug = strings.TrimSpace(in.Slug)
	if it.Slug == "" {
		it.Slug = Slugify(it.Title)
	}
	if it.Slug != "" && !slugRe.MatchString(it.Slug) || len(it.Slug) > 80 {
		bad("slug", "Het webadres mag alleen kleine letters, cijfers en streepjes bevatten, hoogstens 80 tekens.", "The web address may hold only lower-case letters, digits and hyphens, at most 80 characters.")
	}
	if it.Summary == "" {
		bad("summary", "Vul een korte samenvatting in (één of twee zinnen).", "Enter a short summary (one or two sentences).")
	} else if utf8.RuneCountInString(it.Summary) > 400 {
		bad("summary", "Maak de samenvatting korter: hoogstens 400 tekens.", "Make the summary shorter: at most 400 characters.")
	}
	texts := map[string]string{"body": it.Body, "easy_body": it.EasyBody, "summary": it.Summary, "transcript": it.Transcript}
	for _, f := range richFields() {
		f.text = texts[f.field]
		if ContainsHTML(f.text) {
			bad(f.field, f.nl+htmlNL, f.en+htmlEN)
		} else if len(BadLinks(f.text)) > 0 {
			bad(f.field, f.nl+linkNL, f.en+linkEN)
		}
	}
	if utf8.RuneCountInString(it.Body) > 20000 || utf8.RuneCountInString(it.EasyBody) > 20000 {
		bad("body", "De tekst is te lang: hoogstens 20.000 tekens.", "The text is too long: at most 20,000 characters.")
	}
	if it.Owner == "" {
		bad("owner", "Vul in wie verantwoordelijk is voor de inhoud (eigenaar).", "Enter who is responsible for the content (owner).")
	}
	if d, err := web.ParseDate(strings.TrimSpace(in.ReviewBy)); strings.TrimSpace(in.ReviewBy) == "" {
		bad("review_by", "Vul een datum in waarop de inhoud opnieuw wordt gecontroleerd (dd-mm-jjjj).", "Enter the date the content is checked again (dd-mm-yyyy).")
	} else if err != nil {
		bad("review_by", "Vul de controledatum in als dd-mm-jjjj, bijvoorbeeld 01-06-2027.", "Enter the review date as dd-mm-yyyy, for example 01-06-2027.")
	} else {
		it.ReviewBy = d
	}
	if it.Website != "" && !(strings.HasPrefix(it.Website, "https://") || strings.HasPrefix(it.Website, "http://")) {
		bad("website", "Het webadres moet beginnen met https://.", "The website must start with https://.")
	}
	if it.Kind == KindOrg && it.Phone == "" && it.Website == "" {
		bad("phone", "Vul bij een organisatie een telefoonnummer of een website in.", "Enter a phone number or a website for an organisation.")
	}
	if it.Kind == KindVideo {
		if it.VideoURL == "" || !strings.HasPrefix(it.VideoURL, "https://") && !(strings.HasPrefix(it.VideoURL, "/") && !strings.HasPrefix(it.VideoURL, "//")) {
			bad("video_url", "Vul het adres van de video in: een webadres dat begint met https://, of een bestand op deze site dat begint met /.", "Enter the video's address: a web address starting with https://, or a file on this site starting with /.")
		}
		if it.Captions == "" {
			bad("captions", "Een video heeft ondertiteling nodig: plak het WebVTT-bestand.", "A video needs captions: paste the WebVTT file.")
		} else if _, err := ParseVTT(it.Captions); err != nil {
			var ve *VTTError
			if errors.As(err, &ve) {
				bad("captions", "De ondertiteling is geen geldig WebVTT: "+ve.Reason, "The captions are not valid WebVTT: "+ve.English)
			}
		}
		if it.Transcript == "" {
			bad("transcript", "Een video heeft een uitgeschreven tekst nodig.", "A video needs a transcript.")
		}
	}
	for _, g := range []struct {
		facet, field string
		values       []string
		nl, en       string
	}{
		{FacetRole, "roles", in.Roles, "Kies voor wie het is.", "Choose who it is for."},
		{FacetLifePhase, "life_phases", in.Phases, "", ""},
		{FacetTrigger, "triggers", in.Triggers, "", ""},
		{FacetTheme, "themes", in.Themes, "", ""},
	} {
		var ok []string
		wrong := false
		for _, v := range g.values {
			if v == "" {
				continue
			}
			if !validOption(g.facet, v) {
				wrong = true
				continue
			}
			if !slices.Contains(ok, v) {
				ok = append(ok, v)
			}
		}
		if wrong {
			bad(g.field, "Kies alleen waarden uit de lijst.", "Choose only values from the list.")
		}
		if len(ok) == 0 && g.nl != "" {
			bad(g.field, g.nl, g.en)
		}
		if len(ok) > 0 {
			it.Tags[g.facet] = ok
		}
	}
	if len(errs) > 0 {
		return Item{}, web.Invalid(errs...)
	}
	return it, nil
}

// richField is a text field in the markup, with its name for messages.
type richField struct{ field, text, nl, en string }

// richFields are the fields written in the markup; the messages about
// them and their translations come from this one list.
func richFields() []richField {
	return []richField{{"body", "", "Tekst", "Text"}, {"easy_body", "", "Eenvoudige tekst", "Easy-read text"},
		{"summary", "", "Samenvatting", "Summary"}, {"transcript", "", "Uitgeschreven tekst", "Transcript"}}
}

const (
	htmlNL = ": HTML is niet toegestaan. Gebruik ## voor een kop, - voor een opsomming, **vet** en [tekst](https://adres) voor een link."
	htmlEN = ": HTML is not allowed. Use ## for a heading, - for a list, **bold** and [text](https://address) for a link."
	linkNL = ": een link moet beginnen met https://, http://, mailto:, tel: of /."
	linkEN = ": a link must start with https://, http://, mailto:, tel: or /."
)

// mayEdit is the editors' scope: a beheerder with the redacteur duty.
func mayEdit(p *auth.Principal) bool {
	return p != nil && p.Role == auth.RoleBeheerder && p.HasDuty(auth.DutyEditor)
}

func notEditor() *web.Error {
	return web.Forbidden("Alleen redacteuren van de kennisbank kunnen onderwerpen schrijven en publiceren.",
		"Only editors of the knowledge base can write and publish topics.")
}

// snapshot is the item as JSON for the version history.
func snapshot(it Item) string {
	b, err := json.Marshal(struct {
		Item
		ReviewBy string
	}{it, dateText(it.ReviewBy)})
	if err != nil {
		return "{}"
	}
	return string(b)
}

// changedFields names in Dutch what changed between two versions.
func changedFields(old, new Item) string {
	var out []string
	add := func(changed bool, name string) {
		if changed {
			out = append(out, name)
		}
	}
	add(old.Kind != new.Kind, "soort")
	add(old.Title != new.Title, "titel")
	add(old.Slug != new.Slug, "webadres")
	add(old.Summary != new.Summary, "samenvatting")
	add(old.Body != new.Body, "tekst")
	add(old.EasyBody != new.EasyBody, "eenvoudige tekst")
	add(old.Owner != new.Owner, "eigenaar")
	add(!old.ReviewBy.Equal(new.ReviewBy), "controledatum")
	add(old.Source != new.Source, "bron")
	add(old.Phone != new.Phone || old.Website != new.Website, "contactgegevens")
	add(old.VideoURL != new.VideoURL || old.Captions != new.Captions || old.Transcript != new.Transcript, "video")
	// Tags compare as sets: the form posts them in the facet's order, a
	// stored item (the demo's, an import's) may hold them in another, and
	// that is no change.
	tagsOf := func(it Item) string {
		var parts []string
		for _, f := range []string{FacetRole, FacetLifePhase, FacetTrigger, FacetTheme} {
			parts = append(parts, strings.Join(slices.Sorted(slices.Values(it.Tags[f])), ","))
		}
		return strings.Join(parts, "|")
	}
	add(tagsOf(old) != tagsOf(new), "labels")
	add(old.Status != new.Status, "status")
	if len(out) == 0 {
		return "niets gewijzigd"
	}
	return strings.Join(out, ", ")
}

// Create writes a new item as a draft (version 1) for an editor.
func (s *Service) Create(ctx context.Context, p *auth.Principal, in ItemInput) (Item, error) {
	if !mayEdit(p) {
		return Item{}, notEditor()
	}
	it, err := in.validate()
	if err != nil {
		return Item{}, err
	}
	it.Status, it.Version, it.UpdatedAt, it.UpdatedBy = StatusDraft, 1, s.now(), p.UserID
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		taken, err := s.store.slugTaken(ctx, tx, it.Slug, 0)
		if err != nil {
			return err
		}
		if taken {
			return web.Invalid(web.FieldError{Field: "slug", Message: "Dit webadres is al in gebruik. Kies een ander.", English: "This web address is already in use. Choose another."})
		}
		if it.ID, err = s.store.insertItem(ctx, tx, it); err != nil {
			return err
		}
		return s.store.addVersion(ctx, tx, it, p.UserID, it.UpdatedAt, "aangemaakt", strings.TrimSpace(in.Note), snapshot(it))
	})
	return it, err
}

// Update changes an item's content. A draft or an item in review is
// changed in place. A published item is not: the change becomes a new
// version (a draft) beside it, and the public keeps reading the published
// version until a second editor publishes the new one (four-eyes
// principle), so no text goes live unreviewed.
func (s *Service) Update(ctx context.Context, p *auth.Principal, id int64, in ItemInput) (Item, error) {
	if !mayEdit(p) {
		return Item{}, notEditor()
	}
	it, err := in.validate()
	if err != nil {
		return Item{}, err
	}
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		old, err := s.store.itemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		rev, pending, err := s.store.revision(ctx, tx, id)
		if err != nil {
			return err
		}
		taken, err := s.store.slugTaken(ctx, tx, it.Slug, id)
		if err != nil {
			return err
		}
		if taken {
			return web.Invalid(web.FieldError{Field: "slug", Message: "Dit webadres is al in gebruik. Kies een ander.", English: "This web address is already in use. Choose another."})
		}
		if !pending && old.Status != StatusPublished {
			it.ID, it.Status, it.Published, it.Version, it.UpdatedAt, it.UpdatedBy = id, old.Status, old.Published, old.Version+1, s.now(), p.UserID
			if err := s.store.updateItem(ctx, tx, it); err != nil {
				return err
			}
			return s.store.addVersion(ctx, tx, it, p.UserID, it.UpdatedAt, changedFields(old, it), strings.TrimSpace(in.Note), snapshot(it))
		}
		base := old
		base.Status = StatusDraft
		if pending {
			base = rev
		}
		it.ID, it.Status, it.Published, it.Version, it.UpdatedAt, it.UpdatedBy = id, base.Status, old.Published, max(old.Version, rev.Version)+1, s.now(), p.UserID
		if err := s.store.putRevision(ctx, tx, it); err != nil {
			return err
		}
		changes := changedFields(base, it)
		if !pending {
			changes = "nieuwe versie: " + changes
		}
		it.LiveVersion = old.Version
		return s.store.addVersion(ctx, tx, it, p.UserID, it.UpdatedAt, changes, strings.TrimSpace(in.Note), snapshot(it))
	})
	if errors.Is(err, errNoItem) {
		return Item{}, web.NotFound("Dit onderwerp bestaat niet.", "This topic does not exist.")
	}
	return it, err
}

// transitions are the workflow's allowed steps.
var transitions = map[Status][]Status{
	StatusDraft:     {StatusReview},
	StatusReview:    {StatusPublished, StatusDraft},
	StatusPublished: {StatusDraft},
	StatusWithdrawn: {StatusDraft},
}

// AuthorsSincePublication are the editors who changed an item's content
// since it was last published (vs newest first, as the history reads):
// under the four-eyes principle none of them may publish it, so every
// text the public reads was checked by an editor who did not write it.
func AuthorsSincePublication(vs []Version) []int64 {
	var out []int64
	for _, v := range vs {
		// A publication ends the search; so does an item created
		// published (the demo's and an import's first version).
		// Throwing a new version away ends it too: what its writers wrote
		// is gone, the text is the published one again.
		if v.Changes == "status: "+strings.ToLower(StatusPublished.Label()) || (v.Changes == "aangemaakt" && v.Status == StatusPublished) || v.Changes == changesDiscarded {
			break
		}
		if !strings.HasPrefix(v.Changes, "status: ") && v.ChangedBy != 0 && !slices.Contains(out, v.ChangedBy) {
			out = append(out, v.ChangedBy)
		}
	}
	return out
}

// SetStatus moves an item through the workflow: draft → review →
// published, or back to draft (which takes it off the public pages).
// When a new version of a published item waits, the steps move that
// version, and publishing it replaces the published text.
func (s *Service) SetStatus(ctx context.Context, p *auth.Principal, id int64, to Status, note string) (Item, error) {
	if !mayEdit(p) {
		return Item{}, notEditor()
	}
	if to == StatusWithdrawn {
		return Item{}, web.BadInput("status", "Offline halen gaat met een reden: gebruik het formulier ‘Offline halen’.", "Taking offline needs a reason: use the form ‘Take offline’.")
	}
	var it Item
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		old, err := s.store.itemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		rev, pending, err := s.store.revision(ctx, tx, id)
		if err != nil {
			return err
		}
		cur := old
		if pending {
			cur = rev
		}
		if !slices.Contains(transitions[cur.Status], to) {
			return web.Conflict("Dit onderwerp is "+strings.ToLower(cur.Status.Label())+"; die stap kan nu niet. Ververs de pagina.",
				"This topic is "+string(cur.Status)+"; that step is not possible now. Reload the page.")
		}
		if to == StatusPublished {
			vs, err := s.store.versionsIn(ctx, tx, id)
			if err != nil {
				return err
			}
			if slices.Contains(AuthorsSincePublication(vs), p.UserID) {
				return web.Conflict("U heeft aan deze versie meegeschreven. Een andere redacteur beoordeelt en publiceert haar (vier-ogenprincipe).",
					"You helped write this version. Another editor reviews and publishes it (four-eyes principle).")
			}
			if taken, err := s.store.slugTaken(ctx, tx, cur.Slug, id); err != nil {
				return err
			} else if taken {
				return web.Conflict("Het webadres van deze versie is intussen door een ander onderwerp in gebruik genomen. Kies een ander webadres.",
					"The web address of this version was taken by another topic in the meantime. Choose another web address.")
			}
		}
		it = cur
		it.Status, it.Version, it.UpdatedAt, it.UpdatedBy = to, max(old.Version, cur.Version)+1, s.now(), p.UserID
		switch {
		case to == StatusPublished:
			it.Published, it.LiveVersion = it.UpdatedAt, 0
			if err := s.store.updateItem(ctx, tx, it); err != nil {
				return err
			}
			if err := s.store.dropRevision(ctx, tx, id); err != nil {
				return err
			}
		case pending:
			it.LiveVersion = old.Version
			if err := s.store.putRevision(ctx, tx, it); err != nil {
				return err
			}
		default:
			if err := s.store.updateItem(ctx, tx, it); err != nil {
				return err
			}
		}
		return s.store.addVersion(ctx, tx, it, p.UserID, it.UpdatedAt, "status: "+strings.ToLower(to.Label()), strings.TrimSpace(note), snapshot(it))
	})
	if errors.Is(err, errNoItem) {
		return Item{}, web.NotFound("Dit onderwerp bestaat niet.", "This topic does not exist.")
	}
	return it, err
}

// checkWithdrawReason checks the reason for taking an item offline
// without the database, so the form can be fuzzed (issue 18): 1 to 300
// characters once trimmed. It returns the reason trimmed.
func checkWithdrawReason(reason string) (string, []web.FieldError) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return "", []web.FieldError{{Field: "reason", Message: "Vul in waarom het onderwerp offline gaat.", English: "Enter why the topic goes offline."}}
	case utf8.RuneCountInString(reason) > 300:
		return "", []web.FieldError{{Field: "reason", Message: "Maak de reden korter: hoogstens 300 tekens.", English: "Make the reason shorter: at most 300 characters."}}
	}
	return reason, nil
}

// checkDiscardNote checks the note on throwing a new version away without
// the database, so the form can be fuzzed (issue 18): at most 300
// characters once trimmed, and it may be empty. It returns the note
// trimmed.
func checkDiscardNote(note string) (string, []web.FieldError) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 300 {
		return "", []web.FieldError{{Field: "note", Message: "Maak de toelichting korter: hoogstens 300 tekens.", English: "Make the note shorter: at most 300 characters."}}
	}
	return note, nil
}

// changesDiscarded is the history's line of a new version thrown away.
const changesDiscarded = "nieuwe versie weggegooid"

// Withdraw takes a published item off the site at once, with the reason
// the editor gives: content that turns out wrong or harmful must not stay
// online while a corrected version waits for a second editor. A waiting
// new version stays and goes on through review; publishing it brings the
// item back. The step is in the history (with the reason) and in the
// audit log. No second editor is needed: taking offline publishes nothing.
func (s *Service) Withdraw(ctx context.Context, p *auth.Principal, id int64, reason string) (Item, error) {
	if !mayEdit(p) {
		return Item{}, notEditor()
	}
	reason, errs := checkWithdrawReason(reason)
	if len(errs) > 0 {
		return Item{}, web.Invalid(errs...)
	}
	var it Item
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		old, err := s.store.itemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.Status != StatusPublished {
			return web.Conflict("Dit onderwerp staat niet op de website; offline halen kan niet. Ververs de pagina.",
				"This topic is not on the site; it cannot be taken offline. Reload the page.")
		}
		rev, _, err := s.store.revision(ctx, tx, id)
		if err != nil {
			return err
		}
		it = old
		it.Status, it.Version, it.UpdatedAt, it.UpdatedBy = StatusWithdrawn, max(old.Version, rev.Version)+1, s.now(), p.UserID
		if err := s.store.markItem(ctx, tx, it); err != nil {
			return err
		}
		if err := s.store.addVersion(ctx, tx, it, p.UserID, it.UpdatedAt, "status: "+strings.ToLower(StatusWithdrawn.Label()), reason, snapshot(it)); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionUpdate, Object: "knowledge_item", ObjectID: strconv.FormatInt(id, 10),
			Purpose: audit.PurposeAdministration, Reason: reason})
	})
	if errors.Is(err, errNoItem) {
		return Item{}, web.NotFound("Dit onderwerp bestaat niet.", "This topic does not exist.")
	}
	return it, err
}

// Discard throws away the new version that waits beside a published (or
// withdrawn) item; the item keeps the text it had, and the public keeps
// reading the published one. The thrown-away text stays readable in the
// history's snapshot, and the step is in the history and the audit log.
func (s *Service) Discard(ctx context.Context, p *auth.Principal, id int64, note string) (Item, error) {
	if !mayEdit(p) {
		return Item{}, notEditor()
	}
	note, errs := checkDiscardNote(note)
	if len(errs) > 0 {
		return Item{}, web.Invalid(errs...)
	}
	var it Item
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		old, err := s.store.itemByID(ctx, tx, id)
		if err != nil {
			return err
		}
		rev, pending, err := s.store.revision(ctx, tx, id)
		if err != nil {
			return err
		}
		if !pending {
			return web.Conflict("Er wacht geen nieuwe versie van dit onderwerp; er is niets weg te gooien. Ververs de pagina.",
				"No new version of this topic is waiting; there is nothing to throw away. Reload the page.")
		}
		it = old
		it.Version, it.UpdatedAt, it.UpdatedBy = max(old.Version, rev.Version)+1, s.now(), p.UserID
		if err := s.store.dropRevision(ctx, tx, id); err != nil {
			return err
		}
		if err := s.store.markItem(ctx, tx, it); err != nil {
			return err
		}
		if err := s.store.addVersion(ctx, tx, it, p.UserID, it.UpdatedAt, changesDiscarded, note, snapshot(it)); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionDelete, Object: "knowledge_item", ObjectID: strconv.FormatInt(id, 10),
			Purpose: audit.PurposeAdministration})
	})
	if errors.Is(err, errNoItem) {
		return Item{}, web.NotFound("Dit onderwerp bestaat niet.", "This topic does not exist.")
	}
	return it, err
}

// EditorItem reads any item (every status) for an editor, with its
// history. When a new version of a published item waits, that version is
// the one the editor works on (its LiveVersion names the published one).
func (s *Service) EditorItem(ctx context.Context, p *auth.Principal, id int64) (Item, []Version, error) {
	if !mayEdit(p) {
		return Item{}, nil, notEditor()
	}
	it, err := s.store.itemByID(ctx, s.d, id)
	if errors.Is(err, errNoItem) {
		return Item{}, nil, web.NotFound("Dit onderwerp bestaat niet.", "This topic does not exist.")
	}
	if err != nil {
		return Item{}, nil, err
	}
	rev, pending, err := s.store.revision(ctx, s.d, id)
	if err != nil {
		return Item{}, nil, err
	}
	if pending {
		rev.LiveVersion, rev.LiveWithdrawn = it.Version, it.Status == StatusWithdrawn
		it = rev
	}
	vs, err := s.store.versions(ctx, id)
	return it, vs, err
}

// EditorList is every item for the editors, those past their review date
// first. An item with a new version waiting shows that version (its
// title and status). Mine are the items reader p helped write since
// their last publication: the four-eyes principle leaves their
// publication to another editor.
func (s *Service) EditorList(ctx context.Context, p *auth.Principal) (items []Item, mine map[int64]bool, err error) {
	if !mayEdit(p) {
		return nil, nil, notEditor()
	}
	if items, err = s.workingItems(ctx); err != nil {
		return nil, nil, err
	}
	vs, err := s.store.allVersions(ctx)
	if err != nil {
		return nil, nil, err
	}
	mine = map[int64]bool{}
	for _, it := range items {
		if slices.Contains(AuthorsSincePublication(vs[it.ID]), p.UserID) {
			mine[it.ID] = true
		}
	}
	now := s.today()
	slices.SortStableFunc(items, func(a, b Item) int {
		ao, bo := a.Overdue(now), b.Overdue(now)
		switch {
		case ao && !bo:
			return -1
		case bo && !ao:
			return 1
		case ao && bo:
			return a.ReviewBy.Compare(b.ReviewBy)
		}
		return strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title))
	})
	return items, mine, nil
}

// workingItems is every item as the editors work on it: the waiting new
// version where there is one, the item itself otherwise.
func (s *Service) workingItems(ctx context.Context) ([]Item, error) {
	items, err := s.store.allItems(ctx, "")
	if err != nil {
		return nil, err
	}
	revs, err := s.store.revisions(ctx)
	if err != nil {
		return nil, err
	}
	for i, it := range items {
		if rev, ok := revs[it.ID]; ok {
			rev.LiveVersion, rev.LiveWithdrawn = it.Version, it.Status == StatusWithdrawn
			items[i] = rev
		}
	}
	return items, nil
}

// ReviewCountFor is the number of items in review (new versions of
// published items included) that editor p may review: under the
// four-eyes principle the ones she helped write wait for another
// editor, so they are not her task.
func (s *Service) ReviewCountFor(ctx context.Context, p *auth.Principal) (int, error) {
	items, err := s.workingItems(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, it := range items {
		if it.Status != StatusReview {
			continue
		}
		vs, err := s.store.versions(ctx, it.ID)
		if err != nil {
			return 0, err
		}
		if !slices.Contains(AuthorsSincePublication(vs), p.UserID) {
			n++
		}
	}
	return n, nil
}

// OverdueCount is the number of items past their review date.
func (s *Service) OverdueCount(ctx context.Context) (int, error) {
	return s.store.overdueCount(ctx, s.today())
}
