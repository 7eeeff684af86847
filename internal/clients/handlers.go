package clients

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed templates
var templateFS embed.FS

func (s *Service) parseTemplates() {
	parse := func(name string) *template.Template {
		return s.rd.Parse(templateFS, "templates/fields.html", "templates/"+name)
	}
	s.tmpl = templates{
		list: parse("list.html"), form: parse("form.html"), record: parse("record.html"), emergency: parse("emergency.html"),
		consent: parse("consent.html"), representative: parse("representative.html"), inzage: parse("inzage.html"), choose: parse("choose.html"),
	}
	s.rd.Catalog.Add(translations())
}

// Who may do what. Professionals with person-level access read the register
// within their scope (DESIGN §1); programma and beheerder never do.
//
// Creating a client: the care office registers the people of its region,
// providers (zorgverlener, aanbieder) register their own new clients at
// intake, the crisis director registers a person at crisis intake and a
// supporter a family entering the caseload. C.O.T. members do not use the
// register's form; they register a person only with a crisis report
// (MayRegisterAtCrisis), with the least data the report needs. Each creator
// gets a care relation (or region) that keeps the new record in their
// scope.
//
// Representatives are authorised by the professionals who see the court
// decision or the client's wish: care office, providers and supporters.
// Consent is recorded by any professional in scope; a client and a
// representative who may act withdraw consent themselves on /mijn/gegevens.
func professionals() auth.Rule {
	return auth.Roles(auth.RoleZorgverlener, auth.RoleAanbieder, auth.RoleZorgkantoor, auth.RoleCrisisregisseur, auth.RoleCOT, auth.RoleOndersteuner)
}

func creators() auth.Rule {
	return auth.Roles(auth.RoleZorgkantoor, auth.RoleZorgverlener, auth.RoleAanbieder, auth.RoleCrisisregisseur, auth.RoleOndersteuner)
}

func granters() auth.Rule {
	return auth.Roles(auth.RoleZorgkantoor, auth.RoleZorgverlener, auth.RoleAanbieder, auth.RoleOndersteuner)
}

func ownData() auth.Rule { return auth.Roles(auth.RoleClient, auth.RoleNaaste) }

// Routes registers the register's pages and API with their access rules.
func (s *Service) Routes(rt *web.Router) {
	if s.rd == nil {
		panic("clients: Routes needs a renderer")
	}
	pro, cre, gra, own := professionals(), creators(), granters(), ownData()
	h := func(pattern string, rule auth.Rule, fn http.HandlerFunc, o ...web.Option) {
		rt.Handle(pattern, rule, fn, o...)
	}
	h("GET /clienten", pro, s.handleList)
	h("GET /clienten/nieuw", cre, s.handleNew)
	h("POST /clienten/nieuw", cre, s.handleCreate)
	h("GET /clienten/{id}", pro, s.handleRecord)
	h("POST /clienten/{id}/noodtoegang", pro, s.handleEmergency)
	h("GET /clienten/{id}/bewerken", cre, s.handleEdit)
	h("POST /clienten/{id}/bewerken", cre, s.handleUpdate)
	h("GET /clienten/{id}/toestemmingen/nieuw", pro, s.handleConsentForm)
	h("POST /clienten/{id}/toestemmingen/nieuw", pro, s.handleConsentCreate)
	h("POST /clienten/{id}/toestemmingen/{cid}/intrekken", pro, s.handleConsentWithdraw)
	h("GET /clienten/{id}/vertegenwoordigers/nieuw", gra, s.handleRepForm)
	h("POST /clienten/{id}/vertegenwoordigers/nieuw", gra, s.handleRepCreate)
	h("POST /clienten/{id}/vertegenwoordigers/{rid}/intrekken", gra, s.handleRepRevoke)
	h("GET /clienten/{id}/inzage", pro, s.handleInzage)
	h("GET /clienten/{id}/inzage.pdf", pro, s.handleInzagePDF)
	h("GET /mijn/gegevens", own, s.handleMine)
	h("GET /mijn/gegevens.pdf", own, s.handleMinePDF)
	h("POST /mijn/toestemmingen/{cid}/intrekken", own, s.handleMineWithdraw)

	api := func(summary string, req, resp any, status int, query ...web.Param) web.Option {
		return web.API(web.Spec{Summary: summary, Tag: "clients", Request: req, Response: resp, Status: status, Query: query})
	}
	h("GET /api/v1/clients", pro, s.apiList, api("Search the clients the caller may see", nil, listResponse{}, 0,
		web.Param{Name: "q", Description: "Part of the name, or a BSN."}, web.Param{Name: "page", Type: "integer", Description: "Page number, from 1."}))
	h("POST /api/v1/clients", cre, s.apiCreate, api("Register a client", clientInput{}, clientJSON{}, http.StatusCreated))
	h("GET /api/v1/clients/{id}", pro, s.apiGet, api("One client with care relations, representatives and consents", nil, clientResponse{}, 0))
	h("GET /api/v1/clients/{id}/export", pro, s.apiExport, api("A client's right-of-access export", nil, inzageJSON{}, 0))
	h("GET /api/v1/clients/me/export", own, s.apiMineExport, api("The caller's own right-of-access export", nil, inzageJSON{}, 0))

	rt.Nav(web.NavItem{Path: "/clienten", Label: "Cliënten", English: "Clients", Summary: "Het cliëntenregister: zoeken, inschrijven, vertegenwoordigers en toestemmingen.", SummaryEN: "The client register: search, register, representatives and consent.", Rule: pro, Order: 15})
	rt.Nav(web.NavItem{Path: "/mijn/gegevens", Label: "Mijn gegevens", English: "My data", Summary: "Alle gegevens die Volwaardig over u bewaart, en wie u toestemming gaf.", SummaryEN: "All data Volwaardig keeps about you, and whom you gave consent.", Rule: own, Order: 90,
		RelativeLabel: "Gegevens van de cliënt", RelativeSummary: "De gegevens die Volwaardig bewaart over wie u vertegenwoordigt."})
}

// flashes are the confirmations shown after a redirect (web.SeeOther).
var flashes = map[string]string{
	"ingeschreven":           "De cliënt is ingeschreven.",
	"gewijzigd":              "De gegevens zijn opgeslagen.",
	"toestemming":            "De toestemming is vastgelegd.",
	"ingetrokken":            "De toestemming is ingetrokken.",
	"gemachtigd":             "De machtiging is vastgelegd.",
	"machtiging-ingetrokken": "De machtiging is ingetrokken.",
	"noodtoegang":            "U heeft noodtoegang tot dit dossier.",
}

type listPage struct {
	Query string
	Items []ListItem
	// Body is the table's rows, built in Go (listBody).
	Body             template.HTML
	Page, Prev, Next int
	More, CanCreate  bool
	// BSNSearch is whether the role may search by BSN; without it the
	// page asks for a name or birth date instead.
	BSNSearch bool
	// BSNRefused says the query was a BSN the role may not search by.
	BSNRefused bool
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	q := strings.TrimSpace(r.URL.Query().Get("zoek"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("pagina"))
	page = max(page, 1)
	items, more, err := s.List(r.Context(), p, q, page)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if err := s.auditList(r.Context(), p, q, items); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl.list, web.Page{Title: "Cliënten", Flash: web.Flash(r, flashes),
		Data: listPage{Query: q, Items: items, Body: listBody(items, s.rd.Fmt.Date), Page: page, Prev: page - 1, Next: page + 1, More: more, CanCreate: creators().AllowsRole(p.Role), BSNSearch: s.mayUseBSN(p),
			BSNRefused: looksLikeBSN(q) && !s.mayUseBSN(p)}})
}

// listBody writes the rows of the client list. It is built in Go with
// web.Markup rather than ranged over in the template: html/template calls
// its escapers through reflection for every value, and for fifty rows that
// was most of the rendering of /clienten at national scale (issue 18).
// TestListBodyIsTheTemplatesRows holds it to the template rows it replaced.
func listBody(items []ListItem, date func(time.Time) string) template.HTML {
	var m web.Markup
	m.Grow(len(items) * 160)
	for _, it := range items {
		m.Tag(`<tr><td><a href="/clienten/`).Int(it.ID).Tag(`">`).Text(it.Name).Tag(`</a></td><td>`).Text(date(it.BirthDate)).Tag(`</td><td>`).Text(it.RegionLabel()).Tag("</td></tr>\n  ")
	}
	return m.HTML()
}

// auditList records a list or search with the clients it showed (NEN
// 7513: which persons' data were seen), one entry per client shown, as
// one group commit when the audit log can (a page shows up to 50); an
// empty result is one entry without a client. The query itself is not
// logged: it may be a name or a BSN.
func (s *Service) auditList(ctx context.Context, p *auth.Principal, q string, shown []ListItem) error {
	action := audit.ActionRead
	if q != "" {
		action = audit.ActionSearch
	}
	if len(shown) == 0 {
		return s.audit(ctx, p, audit.Event{Action: action, Object: "client_list", Purpose: purposeOf(p.Role)})
	}
	evs := make([]audit.Event, 0, len(shown))
	for _, it := range shown {
		evs = append(evs, audit.Event{Action: action, ClientID: it.ID, Object: "client_list", ObjectID: strconv.FormatInt(it.ID, 10), Purpose: purposeOf(p.Role)})
	}
	if s.aud == nil {
		return errors.New("clients: no audit log configured")
	}
	return audit.RecordAll(ctx, s.aud, p, evs)
}

type careChoice struct {
	Value, Label string
	ID           int64
}

type formPage struct {
	Action, Cancel string
	BSNField       bool
	Regions        []string
	CareChoices    []careChoice
}

func (s *Service) formData(p *auth.Principal, action, cancel string, creating, showBSN bool) formPage {
	f := formPage{Action: action, Cancel: cancel, BSNField: showBSN}
	if p.Role == auth.RoleZorgkantoor || p.Role == auth.RoleCrisisregisseur {
		f.Regions = p.Scope.Regions
	}
	if creating {
		switch p.Role {
		case auth.RoleZorgverlener:
			for _, id := range p.Scope.Locations {
				f.CareChoices = append(f.CareChoices, careChoice{Value: fmt.Sprintf("location:%d", id), Label: "Locatie", ID: id})
			}
		case auth.RoleAanbieder:
			for _, id := range p.Scope.Organisations {
				f.CareChoices = append(f.CareChoices, careChoice{Value: fmt.Sprintf("organisation:%d", id), Label: "Organisatie", ID: id})
			}
		}
	}
	return f
}

func inputFromForm(r *http.Request) (clientInput, map[string]string) {
	in := clientInput{Name: r.PostFormValue("naam"), BirthDate: r.PostFormValue("geboortedatum"), BSN: r.PostFormValue("bsn"), Region: r.PostFormValue("regio"),
		Phone: r.PostFormValue("telefoon"), Email: r.PostFormValue("email"), Address: r.PostFormValue("adres"), Care: r.PostFormValue("zorgrelatie")}
	form := map[string]string{"naam": in.Name, "geboortedatum": in.BirthDate, "bsn": in.BSN, "regio": in.Region, "telefoon": in.Phone, "email": in.Email, "adres": in.Address, "zorgrelatie": in.Care}
	return in, form
}

func (s *Service) handleNew(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	s.rd.Render(w, r, http.StatusOK, s.tmpl.form, web.Page{Title: "Nieuwe cliënt inschrijven", Data: s.formData(p, "/clienten/nieuw", "/clienten", true, mayEnterBSN(p.Role)), Form: map[string]string{}})
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if err := r.ParseForm(); err != nil {
		s.rd.Fail(w, r, web.BadInput("", "Het formulier kon niet worden gelezen.", "The form could not be read."))
		return
	}
	in, form := inputFromForm(r)
	id, errs, err := s.create(r.Context(), p, in)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if len(errs) > 0 {
		s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl.form, web.Page{Title: "Nieuwe cliënt inschrijven", Errors: errs, Form: form, Data: s.formData(p, "/clienten/nieuw", "/clienten", true, mayEnterBSN(p.Role))})
		return
	}
	web.SeeOther(w, r, fmt.Sprintf("/clienten/%d", id), "ingeschreven")
}

// create validates and stores a new client with its care relation and the
// audit entry in one transaction.
func (s *Service) create(ctx context.Context, p *auth.Principal, in clientInput) (int64, []web.FieldError, error) {
	nc, care, errs := in.validate(p, s.now(), true)
	if len(errs) > 0 {
		return 0, errs, nil
	}
	var id int64
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if id, err = s.Create(ctx, tx, nc); err != nil {
			return err
		}
		if care != nil {
			care.ClientID, care.CreatedBy = id, p.UserID
			if _, err := s.AddCareRelation(ctx, tx, *care); err != nil {
				return err
			}
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionCreate, ClientID: id, Object: "client", ObjectID: strconv.FormatInt(id, 10), Purpose: purposeOf(p.Role)})
	})
	if errors.Is(err, ErrDuplicateBSN) {
		return 0, []web.FieldError{{Field: "bsn", Message: "Er staat al een cliënt met dit BSN in het register. Zoek de cliënt op in plaats van een nieuwe in te schrijven."}}, nil
	}
	return id, nil, err
}

type recordPage struct {
	Client                                   Client
	ShowBSN, Emergency                       bool
	Until                                    time.Time
	Care                                     []CareRelation
	Representatives                          []Representative
	Consents                                 []Consent
	CanEdit, CanGrant, CanConsent, CanInzage bool
}

func (s *Service) handleRecord(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	a, err := s.open(ctx, p, id, true)
	if err == errNoScope {
		s.renderEmergency(w, r, p, id, nil, nil)
		return
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !a.showBSN {
		c.BSN = ""
	}
	d := recordPage{Client: c, ShowBSN: a.showBSN, Emergency: a.emergency, Until: a.until}
	if d.Care, err = s.CareRelations(ctx, id); err == nil {
		if d.Representatives, err = s.Representatives(ctx, id); err == nil {
			d.Consents, err = s.Consents(ctx, id)
		}
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !a.emergency {
		d.CanEdit, d.CanGrant, d.CanConsent, d.CanInzage = creators().AllowsRole(p.Role), granters().AllowsRole(p.Role), true, true
	}
	if err := s.audit(ctx, p, a.event(audit.ActionRead, "client", id)); err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl.record, web.Page{Title: "Cliëntdossier", Data: d, Flash: web.Flash(r, flashes)})
}

type emergencyPage struct {
	ID     int64
	MayUse bool
}

func (s *Service) renderEmergency(w http.ResponseWriter, r *http.Request, p *auth.Principal, id int64, errs []web.FieldError, form map[string]string) {
	s.rd.Render(w, r, http.StatusForbidden, s.tmpl.emergency, web.Page{Title: "Geen toegang tot dit dossier", Errors: errs, Form: form,
		Data: emergencyPage{ID: id, MayUse: s.policy.MayUseEmergencyAccess(p)}})
}

// minReason is the shortest reason accepted for emergency access: long
// enough that "x" or "nood" is not a reason.
const minReason = 10

func (s *Service) handleEmergency(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !s.policy.MayUseEmergencyAccess(p) {
		s.rd.Fail(w, r, web.Forbidden("Met uw rol kunt u geen noodtoegang gebruiken.", "Your role cannot use emergency access."))
		return
	}
	ref, err := s.Ref(ctx, id)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			err = notFound()
		}
		s.rd.Fail(w, r, err)
		return
	}
	if s.policy.CanSeeClient(p, ref) {
		// In scope already: no emergency needed, none recorded.
		http.Redirect(w, r, fmt.Sprintf("/clienten/%d", id), http.StatusSeeOther)
		return
	}
	raw := r.PostFormValue("reden") // parses the body, as the handler always did
	reason, errs := decodeReasonForm(r.PostForm)
	if len(errs) > 0 {
		s.renderEmergency(w, r, p, id, errs, map[string]string{"reden": strings.TrimSpace(raw)})
		return
	}
	err = s.d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.grantEmergency(ctx, tx, id, p, reason); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, p, audit.Event{Action: audit.ActionEmergencyAccess, ClientID: id, Object: "client", ObjectID: strconv.FormatInt(id, 10),
			Purpose: audit.PurposeEmergency, Emergency: true, Reason: reason})
	})
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.logger.WarnContext(r.Context(), "emergency access granted", "user_id", p.UserID, "client_id", id)
	web.SeeOther(w, r, fmt.Sprintf("/clienten/%d", id), "noodtoegang")
}

// openWrite opens a record for a change: normal scope only, never through
// emergency access.
func (s *Service) openWrite(w http.ResponseWriter, r *http.Request) (*access, bool) {
	p := auth.FromContext(r.Context())
	id, err := web.PathID(r, "id")
	if err != nil {
		s.rd.Fail(w, r, err)
		return nil, false
	}
	a, err := s.open(r.Context(), p, id, false)
	if err != nil {
		s.rd.Fail(w, r, err)
		return nil, false
	}
	return a, true
}

func clientForm(c Client, showBSN bool) map[string]string {
	f := map[string]string{"naam": c.Name, "regio": c.Region, "telefoon": c.Phone, "email": c.Email, "adres": c.Address}
	if !c.BirthDate.IsZero() {
		f["geboortedatum"] = c.BirthDate.Format("02-01-2006")
	}
	if showBSN && c.BSN != "" {
		f["bsn"] = c.BSN.Digits()
	}
	return f
}

func (s *Service) handleEdit(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	c, err := s.Get(r.Context(), a.ref.ID)
	if err == nil {
		err = s.audit(r.Context(), a.p, a.event(audit.ActionRead, "client", c.ID))
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	path := fmt.Sprintf("/clienten/%d", c.ID)
	s.rd.Render(w, r, http.StatusOK, s.tmpl.form, web.Page{Title: "Gegevens wijzigen", Form: clientForm(c, a.showBSN), Data: s.formData(a.p, path+"/bewerken", path, false, a.showBSN)})
}

func (s *Service) handleUpdate(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	in, form := inputFromForm(r)
	path := fmt.Sprintf("/clienten/%d", a.ref.ID)
	nc, _, errs := in.validate(a.p, s.now(), false)
	old, err := s.Get(ctx, a.ref.ID)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	if !a.showBSN {
		// Who may not see the BSN cannot change it either; the form has
		// no BSN field for them, and the stored one is kept.
		nc.BSN = old.BSN
		errs = slices.DeleteFunc(errs, func(e web.FieldError) bool { return e.Field == "bsn" })
	}
	if len(errs) == 0 {
		err = s.d.Tx(ctx, func(tx *sql.Tx) error {
			if err := s.Update(ctx, tx, a.ref.ID, nc); err != nil {
				return err
			}
			return s.aud.RecordTx(ctx, tx, a.p, a.event(audit.ActionUpdate, "client", a.ref.ID))
		})
		if errors.Is(err, ErrDuplicateBSN) {
			errs = append(errs, web.FieldError{Field: "bsn", Message: "Er staat al een andere cliënt met dit BSN in het register."})
		} else if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl.form, web.Page{Title: "Gegevens wijzigen", Errors: errs, Form: form, Data: s.formData(a.p, path+"/bewerken", path, false, a.showBSN)})
		return
	}
	web.SeeOther(w, r, path, "gewijzigd")
}

// UserFinder finds accounts by user name; *auth.Service implements it. The
// representative and consent forms use it to turn a user name into an id.
type UserFinder interface {
	UserByName(ctx context.Context, name string) (*auth.User, error)
}

type consentPage struct {
	ID              int64
	Name            string
	Subjects        []Subject
	Bases           []Basis
	Representatives []Representative
}

func (s *Service) consentData(ctx context.Context, c Client) (consentPage, error) {
	reps, err := s.Representatives(ctx, c.ID)
	var active []Representative
	for _, r := range reps {
		if r.ActiveAt(s.now()) {
			active = append(active, r)
		}
	}
	return consentPage{ID: c.ID, Name: c.Name, Subjects: Subjects(), Bases: []Basis{BasisClient, BasisRepresentative, BasisWzd}, Representatives: active}, err
}

func (s *Service) handleConsentForm(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	c, err := s.Get(r.Context(), a.ref.ID)
	var d consentPage
	if err == nil {
		d, err = s.consentData(r.Context(), c)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl.consent, web.Page{Title: "Toestemming of grondslag vastleggen", Data: d, Form: map[string]string{}})
}

// optionalDate reads an optional date field; "" is zero.
func optionalDate(v string) (zero bool, t time.Time, err error) {
	if strings.TrimSpace(v) == "" {
		return true, time.Time{}, nil
	}
	t, err = web.ParseDate(v)
	return false, t, err
}

func (s *Service) handleConsentCreate(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	form := map[string]string{}
	for _, k := range consentFields() {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	in, errs := decodeConsentForm(r.PostForm, s.now())
	c := in.Consent
	c.ClientID, c.RecordedBy = a.ref.ID, a.p.UserID
	// The account and the representative are the database's to check;
	// their errors join the others in the order of the page.
	if c.RecipientKind == RecipientUser {
		add := func(nl, en string) { errs = append(errs, web.FieldError{Field: "ontvanger", Message: nl, English: en}) }
		if s.Users == nil {
			add("Delen met een account is hier niet ingesteld.", "Sharing with an account is not set up here.")
		} else if u, err := s.Users.UserByName(ctx, in.Username); err != nil || u == nil || !u.Role.SeesHealthData() {
			add("Vul de gebruikersnaam in van een bestaand account.", "Enter the username of an existing account.")
		} else {
			c.RecipientID = u.ID
			if c.RecipientLabel == "" {
				c.RecipientLabel = u.DisplayName
				if utf8.RuneCountInString(c.RecipientLabel) > 200 && !slices.ContainsFunc(errs, func(e web.FieldError) bool { return e.Field == "toelichting" }) {
					errs = append(errs, web.FieldError{Field: "toelichting", Message: noteTooLongNL, English: noteTooLongEN})
				}
			}
		}
		if c.RecipientLabel == "" {
			errs = append(errs, web.FieldError{Field: "ontvanger_naam", Message: recipientNameNL, English: recipientNameEN})
		}
	}
	if c.Basis == BasisRepresentative {
		rep, ok, err := s.representation(ctx, a.ref.ID, c.GivenBy)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		if !ok || !rep.MayAct {
			errs = append(errs, web.FieldError{Field: "gegeven_door", Message: "Kies de vertegenwoordiger die toestemming gaf; die moet namens de cliënt mogen handelen.",
				English: "Choose the representative who gave consent; they must be allowed to act for the client."})
		}
	}
	inFormOrder(errs, consentFields())
	if len(errs) == 0 {
		err := s.d.Tx(ctx, func(tx *sql.Tx) error {
			cid, err := s.AddConsent(ctx, tx, c)
			if err != nil {
				return err
			}
			return s.aud.RecordTx(ctx, tx, a.p, a.event(audit.ActionGrant, "consent", cid))
		})
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		web.SeeOther(w, r, fmt.Sprintf("/clienten/%d", a.ref.ID), "toestemming")
		return
	}
	cl, err := s.Get(ctx, a.ref.ID)
	var d consentPage
	if err == nil {
		d, err = s.consentData(ctx, cl)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl.consent, web.Page{Title: "Toestemming of grondslag vastleggen", Data: d, Errors: errs, Form: form})
}

func (s *Service) withdraw(ctx context.Context, a *access, consentID int64) error {
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.WithdrawConsent(ctx, tx, a.ref.ID, consentID, a.p.UserID); err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, a.p, a.event(audit.ActionRevoke, "consent", consentID))
	})
	if errors.Is(err, ErrNotFound) {
		return web.NotFound("Deze toestemming bestaat niet of is al ingetrokken.", "This consent does not exist or was already withdrawn.")
	}
	return err
}

func (s *Service) handleConsentWithdraw(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	cid, err := web.PathID(r, "cid")
	if err == nil {
		err = s.withdraw(r.Context(), a, cid)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, fmt.Sprintf("/clienten/%d", a.ref.ID), "ingetrokken")
}

type repPage struct {
	ID        int64
	Name      string
	Relations []Relation
}

func (s *Service) renderRepForm(w http.ResponseWriter, r *http.Request, a *access, status int, errs []web.FieldError, form map[string]string) {
	c, err := s.Get(r.Context(), a.ref.ID)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	s.rd.Render(w, r, status, s.tmpl.representative, web.Page{Title: "Vertegenwoordiger of naaste machtigen", Errors: errs, Form: form,
		Data: repPage{ID: c.ID, Name: c.Name, Relations: []Relation{RelNaaste, RelCurator, RelMentor, RelBewindvoerder}}})
}

func (s *Service) handleRepForm(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	s.renderRepForm(w, r, a, http.StatusOK, nil, map[string]string{})
}

func (s *Service) handleRepCreate(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	form := map[string]string{}
	for _, k := range []string{"gebruikersnaam", "naam", "relatie", "mag_handelen", "ingangsdatum", "einddatum"} {
		form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	in, formErrs := decodeRepForm(r.PostForm, s.now())
	rep := Representative{ClientID: a.ref.ID, Name: in.Name, Relation: in.Relation, MayAct: in.MayAct, ValidFrom: in.ValidFrom, ValidUntil: in.ValidUntil, GrantedBy: a.p.UserID}
	// The account is the database's to check, and its error comes first,
	// as the field is first on the form.
	var errs []web.FieldError
	switch {
	case s.Users == nil:
		errs = append(errs, web.FieldError{Field: "gebruikersnaam", Message: "Machtigen van accounts is hier niet ingesteld."})
	default:
		u, err := s.Users.UserByName(ctx, in.Username)
		if err != nil || u == nil || u.Role != auth.RoleNaaste {
			errs = append(errs, web.FieldError{Field: "gebruikersnaam", Message: "Vul de gebruikersnaam in van een bestaand account van een naaste."})
		} else {
			rep.UserID = u.ID
			if rep.Name == "" {
				rep.Name = u.DisplayName
			}
		}
	}
	errs = append(errs, formErrs...)
	if len(errs) > 0 {
		s.renderRepForm(w, r, a, http.StatusUnprocessableEntity, errs, form)
		return
	}
	err := s.d.Tx(ctx, func(tx *sql.Tx) error {
		rid, err := s.AddRepresentative(ctx, tx, rep)
		if err != nil {
			return err
		}
		return s.aud.RecordTx(ctx, tx, a.p, a.event(audit.ActionGrant, "representative", rid))
	})
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, fmt.Sprintf("/clienten/%d", a.ref.ID), "gemachtigd")
}

func (s *Service) handleRepRevoke(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openWrite(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	rid, err := web.PathID(r, "rid")
	if err == nil {
		err = s.d.Tx(ctx, func(tx *sql.Tx) error {
			if err := s.RevokeRepresentative(ctx, tx, a.ref.ID, rid, a.p.UserID); err != nil {
				return err
			}
			return s.aud.RecordTx(ctx, tx, a.p, a.event(audit.ActionRevoke, "representative", rid))
		})
	}
	if errors.Is(err, ErrNotFound) {
		err = web.NotFound("Deze machtiging bestaat niet of is al ingetrokken.", "This authorisation does not exist or was already revoked.")
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	web.SeeOther(w, r, fmt.Sprintf("/clienten/%d", a.ref.ID), "machtiging-ingetrokken")
}

type inzagePage struct {
	Inzage      *inzage
	Own         bool
	CanWithdraw bool
	PDF, JSON   string
	// Query names the client for a representative ("?client=ID") on the
	// withdraw buttons.
	Query string
}

// openInzage opens a record for the full export: professionals in normal
// scope only (emergency access is for acute care, not for exports).
func (s *Service) openInzage(w http.ResponseWriter, r *http.Request) (*access, bool) {
	return s.openWrite(w, r)
}

func (s *Service) handleInzage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openInzage(w, r)
	if !ok {
		return
	}
	base := fmt.Sprintf("/clienten/%d/inzage", a.ref.ID)
	s.serveInzagePage(w, r, a, inzagePage{PDF: base + ".pdf", JSON: fmt.Sprintf("/api/v1/clients/%d/export", a.ref.ID)})
}

func (s *Service) serveInzagePage(w http.ResponseWriter, r *http.Request, a *access, d inzagePage) {
	in, err := s.buildInzage(r.Context(), a)
	if err == nil {
		err = s.audit(r.Context(), a.p, a.event(audit.ActionRead, "client_inzage", a.ref.ID))
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	d.Inzage = in
	title := "Inzage"
	switch {
	case d.Own && a.p.Role == auth.RoleNaaste:
		// A representative reads about the client, not as the client;
		// the page's heading names the client.
		title = "Gegevens van de cliënt"
	case d.Own:
		title = "Mijn gegevens"
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl.inzage, web.Page{Title: title, Data: d, Flash: web.Flash(r, flashes)})
}

func (s *Service) handleInzagePDF(w http.ResponseWriter, r *http.Request) {
	a, ok := s.openInzage(w, r)
	if !ok {
		return
	}
	s.servePDF(w, r, a)
}

func (s *Service) servePDF(w http.ResponseWriter, r *http.Request, a *access) {
	in, err := s.buildInzage(r.Context(), a)
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	pdf, err := in.pdf(s.rd.Fmt, a.p.Organisation)
	if err == nil {
		err = s.audit(r.Context(), a.p, a.event(audit.ActionExport, "client_inzage", a.ref.ID))
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="inzage-%d.pdf"`, a.ref.ID))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(pdf)
}

// mine resolves whose data /mijn/gegevens shows: the client's own record,
// or for a naaste the client chosen with ?client= among those they may act
// for. It returns nil and renders the chooser when a naaste has to choose.
func (s *Service) mine(w http.ResponseWriter, r *http.Request) (*access, bool) {
	ctx := r.Context()
	p := auth.FromContext(ctx)
	var id int64
	switch p.Role {
	case auth.RoleClient:
		id = p.Scope.ClientID
		if id == 0 {
			s.rd.Fail(w, r, web.NotFound("Er is geen cliëntdossier aan uw account gekoppeld.", "No client record is linked to your account."))
			return nil, false
		}
	case auth.RoleNaaste:
		// The full inzage is the client's right a representative
		// exercises for them: only with "mag handelen" (AuthorityFor).
		reach, err := s.Represented(ctx, p, "")
		if err != nil {
			s.rd.Fail(w, r, err)
			return nil, false
		}
		var actFor []int64
		for _, a := range reach {
			if a.Act {
				actFor = append(actFor, a.ClientID)
			}
		}
		want, _ := strconv.ParseInt(r.URL.Query().Get("client"), 10, 64)
		switch {
		case want != 0 && slices.Contains(actFor, want):
			id = want
		case want == 0 && len(actFor) == 1:
			id = actFor[0]
		case want != 0:
			s.rd.Fail(w, r, s.refuseMine(ctx, p, want))
			return nil, false
		default:
			if web.IsAPI(r) {
				s.rd.Fail(w, r, web.BadInput("client", "Kies voor wie: geef ?client=ID mee.", "Choose whom: pass ?client=ID."))
				return nil, false
			}
			var items []ListItem
			for _, cid := range actFor {
				c, err := s.Get(ctx, cid)
				if err != nil {
					s.rd.Fail(w, r, err)
					return nil, false
				}
				items = append(items, ListItem{ID: c.ID, Name: c.Name})
			}
			s.rd.Render(w, r, http.StatusOK, s.tmpl.choose, web.Page{Title: "Mijn gegevens", Data: items})
			return nil, false
		}
	}
	a, err := s.open(ctx, p, id, false)
	if err != nil {
		s.rd.Fail(w, r, err)
		return nil, false
	}
	return a, true
}

// refuseMine refuses a naaste the full inzage (or withdrawing a consent)
// of client want, which they may not act for, and logs the attempt as
// denied, on the client's behalf when they represent the client.
func (s *Service) refuseMine(ctx context.Context, p *auth.Principal, want int64) error {
	refusal := web.Forbidden("U mag niet namens deze persoon gegevens inzien.", "You may not view data on behalf of this person.")
	a, err := s.AuthorityFor(ctx, p, want, "")
	if errors.Is(err, ErrNotFound) {
		return refusal
	}
	if err != nil {
		return err
	}
	return audit.RecordDenial(ctx, s.aud, p, a.Refuse(audit.Event{Action: audit.ActionRead, Object: "client", ObjectID: strconv.FormatInt(want, 10), Purpose: audit.PurposeClientAccess}, refusal))
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) {
	a, ok := s.mine(w, r)
	if !ok {
		return
	}
	q := ""
	if a.p.Role == auth.RoleNaaste {
		q = fmt.Sprintf("?client=%d", a.ref.ID)
	}
	s.serveInzagePage(w, r, a, inzagePage{Own: true, CanWithdraw: true, PDF: "/mijn/gegevens.pdf" + q, JSON: "/api/v1/clients/me/export" + q, Query: q})
}

func (s *Service) handleMinePDF(w http.ResponseWriter, r *http.Request) {
	a, ok := s.mine(w, r)
	if !ok {
		return
	}
	s.servePDF(w, r, a)
}

func (s *Service) handleMineWithdraw(w http.ResponseWriter, r *http.Request) {
	a, ok := s.mine(w, r)
	if !ok {
		return
	}
	cid, err := web.PathID(r, "cid")
	if err == nil {
		err = s.withdraw(r.Context(), a, cid)
	}
	if err != nil {
		s.rd.Fail(w, r, err)
		return
	}
	back := "/mijn/gegevens"
	if a.p.Role == auth.RoleNaaste {
		back = fmt.Sprintf("/mijn/gegevens?client=%d", a.ref.ID)
	}
	web.SeeOther(w, r, back, "ingetrokken")
}
