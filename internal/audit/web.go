package audit

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

//go:embed templates
var templatesFS embed.FS

// Paths of the audit pages (DESIGN §4: the client's own pages under /mijn).
const (
	InzagePath    = "/mijn/inzage"
	EmergencyPath = "/beheer/noodtoegang"
)

// pageLimit is how many lines a page shows; a narrower period shows the rest.
const pageLimit = 200

type pages struct {
	l         *Log
	rd        *web.Renderer
	who       ClientAuthority
	names     ClientNames
	inzage    *template.Template
	emergency *template.Template
}

// ClientAuthority decides whether p may read client clientID's access log
// and on whose behalf: the client's own account when p is a representative.
// The client register decides it, as for every other module
// (clients.Service.AccessLogAuthority: a representative with "mag
// handelen" or the client's consent); the audit log sits below the
// register, so the decision is passed in.
type ClientAuthority func(ctx context.Context, p *auth.Principal, clientID int64) (ok bool, onBehalfOf int64, err error)

// ClientNames names clients for a representative who chooses whose log to
// read: people by name, never an internal number. The client register
// answers it (clients.Service.Names); the audit log sits below it.
type ClientNames func(ctx context.Context, ids []int64) (map[int64]string, error)

// InzageRule admits the client and their representatives; which client's
// log they see is checked per request against their scope.
func InzageRule() auth.Rule { return auth.Roles(auth.RoleClient, auth.RoleNaaste) }

// EmergencyRule admits the platform administrator (all emergency accesses)
// and a provider administrator (those by their own organisation's staff).
func EmergencyRule() auth.Rule { return auth.Roles(auth.RoleBeheerder, auth.RoleAanbieder) }

// Routes registers the page "Wie heeft mijn gegevens bekeken" and the
// review list of emergency accesses. who decides whose log a client or
// representative may read; nil admits only clients to their own. names
// names the clients a representative chooses from.
func (l *Log) Routes(rt *web.Router, rd *web.Renderer, who ClientAuthority, names ClientNames) {
	rd.Catalog.Add(translations)
	h := &pages{l: l, rd: rd, who: who, names: names,
		inzage:    rd.Parse(templatesFS, "templates/inzage.html"),
		emergency: rd.Parse(templatesFS, "templates/noodtoegang.html"),
	}
	rt.HandleFunc("GET "+InzagePath, InzageRule(), h.inzagePage)
	rt.HandleFunc("GET /api/v1/clients/me/accesses", InzageRule(), h.inzageAPI, web.API(web.Spec{
		Summary: "Who looked at the client's data, when and why", Tag: "audit", Response: accessesResponse{},
		Query: []web.Param{{Name: "client", Type: "integer", Description: "Whose data, for a representative of several clients."},
			{Name: "van", Description: "From (dd-mm-jjjj); default a year ago."}, {Name: "tot", Description: "To and including (dd-mm-jjjj); default today."}}}))
	rt.HandleFunc("GET "+EmergencyPath, EmergencyRule(), h.emergencyPage)
	rt.HandleFunc("POST "+EmergencyPath+"/{event}/beoordeling", EmergencyRule(), h.reviewForm)
	rt.Nav(web.NavItem{Path: InzagePath, Label: "Wie bekeek mijn gegevens", English: "Who viewed my data",
		Summary: "Zie wie uw gegevens heeft bekeken of gewijzigd, wanneer en waarom.", SummaryEN: "See who viewed or changed your data, when and why.",
		Rule: InzageRule(), Order: 90, RelativeLabel: "Wie bekeek de gegevens", RelativeSummary: "Zie wie de gegevens van wie u vertegenwoordigt heeft bekeken of gewijzigd, wanneer en waarom."})
	rt.Nav(web.NavItem{Path: EmergencyPath, Label: "Noodtoegang", English: "Emergency access",
		Summary: "Beoordeel achteraf elk gebruik van de noodknop.", SummaryEN: "Review every use of emergency access afterwards.",
		Rule: EmergencyRule(), Order: 90})
}

type inzageLine struct {
	Access
	What    string // Dutch: "nachtrustgegevens bekeken"
	Purpose string // Dutch
}

// clientChoice is a client a representative may choose, by name.
type clientChoice struct {
	ID   int64
	Name string
}

type inzageData struct {
	ClientID  int64
	Choices   []clientChoice // clients a representative may choose from
	From, To  string         // as entered, dd-mm-jjjj
	Lines     []inzageLine
	Days      []inzageDay // Lines per day and person, in words
	Truncated bool
	Searched  bool
}

// errNoLogReading refuses a representative who represents clients but may
// read none of their logs.
var errNoLogReading = web.Forbidden("U kunt niet zien wie de gegevens van deze cliënt heeft bekeken: de cliënt deelt die niet met u en uw machtiging geeft geen recht om namens de cliënt te handelen. Wilt u meelezen? Vraag de cliënt om dit met u te delen, of vraag het zorgkantoor om uw machtiging aan te passen.",
	"You cannot see who viewed this client's data: the client does not share it with you and your authorisation does not let you act for the client. Want to read along? Ask the client to share it with you, or ask the care office to change your authorisation.")

// whichClient decides whose log the principal may see, and on whose
// behalf: the client their own, a representative one of the clients whose
// log the register lets them read (h.who).
func (h *pages) whichClient(ctx context.Context, p *auth.Principal, param string) (id int64, choices []int64, onBehalf int64, err error) {
	switch p.Role {
	case auth.RoleClient:
		if p.Scope.ClientID == 0 {
			return 0, nil, 0, web.Forbidden("Uw account is niet gekoppeld aan een cliëntdossier.", "Your account is not linked to a client record.")
		}
		return p.Scope.ClientID, nil, 0, nil
	case auth.RoleNaaste:
		behalf := map[int64]int64{}
		for _, c := range p.Scope.Represents {
			if h.who == nil {
				break
			}
			ok, account, err := h.who(ctx, p, c)
			if err != nil {
				return 0, nil, 0, err
			}
			behalf[c] = account
			if ok {
				choices = append(choices, c)
			}
		}
		// A refusal is logged for the client(s) asked, on their behalf.
		refused := func(ids ...int64) error {
			evs := make([]Event, 0, len(ids))
			for _, c := range ids {
				evs = append(evs, Event{Action: ActionRead, ClientID: c, Object: "audit_log", Purpose: PurposeClientAccess, OnBehalfOf: behalf[c]})
			}
			return DenyAll(evs, errNoLogReading)
		}
		if param == "" {
			if len(choices) == 0 && len(p.Scope.Represents) > 0 {
				return 0, nil, 0, refused(p.Scope.Represents...)
			}
			if len(choices) == 1 {
				return choices[0], choices, behalf[choices[0]], nil
			}
			return 0, choices, 0, nil
		}
		id, perr := strconv.ParseInt(param, 10, 64)
		if perr != nil || !slices.Contains(p.Scope.Represents, id) {
			return 0, choices, 0, web.Forbidden("U vertegenwoordigt deze cliënt niet.", "You do not represent this client.")
		}
		if !slices.Contains(choices, id) {
			return 0, choices, 0, refused(id)
		}
		return id, choices, behalf[id], nil
	}
	return 0, nil, 0, web.Forbidden("Deze pagina is voor cliënten en hun vertegenwoordigers.", "This page is for clients and their representatives.")
}

// load reads the accesses to one client's data that the principal may see,
// for the period in the query (van/tot, dd-mm-jjjj; the last year by
// default). Bad dates come back as field errors; clientID 0 means a
// representative of several clients still has to choose.
func (h *pages) load(r *http.Request, p *auth.Principal) (inzageData, []web.FieldError, error) {
	q := r.URL.Query()
	clientID, choices, onBehalf, err := h.whichClient(r.Context(), p, q.Get("client"))
	if err != nil {
		var d *Denial
		if p.Role == auth.RoleNaaste && !errors.As(err, &d) && web.AsError(err).Code == web.CodeForbidden {
			// A client this naaste does not represent: logged, on no one's behalf.
			if id, perr := strconv.ParseInt(q.Get("client"), 10, 64); perr == nil && id > 0 {
				err = Deny(Event{Action: ActionRead, ClientID: id, Object: "audit_log", Purpose: PurposeClientAccess}, err)
			}
		}
		return inzageData{}, nil, RecordDenial(r.Context(), h.l, p, err)
	}
	d := inzageData{ClientID: clientID, From: strings.TrimSpace(q.Get("van")), To: strings.TrimSpace(q.Get("tot"))}
	if clientID == 0 {
		d.Choices, err = h.choices(r.Context(), choices)
		return d, nil, err
	}
	f := h.rd.Fmt
	today := h.l.clock.Now().In(f.Loc)
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, f.Loc)
	from, to := day.AddDate(-1, 0, 0), day
	var errs []web.FieldError
	if d.From == "" {
		d.From = f.Date(from)
	} else if t, err := f.ParseDate(d.From); err != nil {
		errs = append(errs, web.FieldError{Field: "van", Message: "Vul bij ‘van’ een datum in als dd-mm-jjjj, bijvoorbeeld 01-03-2026."})
	} else {
		from = t
	}
	if d.To == "" {
		d.To = f.Date(to)
	} else if t, err := f.ParseDate(d.To); err != nil {
		errs = append(errs, web.FieldError{Field: "tot", Message: "Vul bij ‘tot en met’ een datum in als dd-mm-jjjj, bijvoorbeeld 31-03-2026."})
	} else {
		to = t
	}
	if len(errs) == 0 && to.Before(from) {
		errs = append(errs, web.FieldError{Field: "tot", Message: "De datum bij ‘tot en met’ ligt vóór de datum bij ‘van’."})
	}
	if len(errs) > 0 {
		return d, errs, nil
	}
	// Looking at the log is itself an access to the client's data.
	if err := h.l.Record(r.Context(), p, Event{Action: ActionRead, ClientID: clientID, Object: "audit_log", Purpose: PurposeClientAccess, OnBehalfOf: onBehalf}); err != nil {
		return d, nil, err
	}
	list, err := ClientAccesses(r.Context(), h.l.d, ClientQuery{ClientID: clientID, From: from, To: to.AddDate(0, 0, 1),
		ExcludeUserID: p.UserID, Limit: pageLimit + 1, ForRepresentative: p.Role != auth.RoleClient})
	if err != nil {
		return d, nil, err
	}
	if len(list) > pageLimit {
		list, d.Truncated = list[:pageLimit], true
	}
	lang := web.LangFromRequest(r)
	for _, a := range list {
		line := inzageLine{Access: a, What: ObjectLabel(a.Object) + " " + a.Action.Label(), Purpose: PurposeLabel(a.Purpose)}
		if lang == "en" {
			line.What = ObjectEnglish(a.Object) + " " + a.Action.English()
		}
		d.Lines = append(d.Lines, line)
	}
	d.Days = groupByDay(d.Lines, f.Loc, lang, p.Role == auth.RoleClient)
	tell(d.Days, p.Role == auth.RoleClient, func(nl string) string { return h.rd.Catalog.Translate(lang, nl) })
	d.Searched = true
	return d, nil, nil
}

func (h *pages) inzagePage(w http.ResponseWriter, r *http.Request) {
	d, errs, err := h.load(r, auth.FromContext(r.Context()))
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	page := web.Page{Title: "Wie heeft mijn gegevens bekeken", Data: &d, Errors: errs}
	status := http.StatusOK
	if len(errs) > 0 {
		page.Form = map[string]string{"van": d.From, "tot": d.To}
		status = http.StatusBadRequest
	}
	h.rd.Render(w, r, status, h.inzage, page)
}

// apiAccess is one line of "wie heeft mijn gegevens bekeken" in the API.
type apiAccess struct {
	Time         time.Time `json:"time"`
	Who          string    `json:"who"`
	Organisation string    `json:"organisation"`
	Role         string    `json:"role"`
	What         string    `json:"what"`
	Purpose      string    `json:"purpose"`
	Emergency    bool      `json:"emergency"`
	OnBehalfOf   int64     `json:"on_behalf_of,omitempty"`
}

type accessesResponse struct {
	ClientID  int64       `json:"client_id"`
	From      string      `json:"from"`
	To        string      `json:"to"`
	Accesses  []apiAccess `json:"accesses"`
	Truncated bool        `json:"truncated"`
}

// inzageAPI is the page's JSON twin, for the client's own apps and for
// a representative's: the same lines, the same period rules, audited alike.
func (h *pages) inzageAPI(w http.ResponseWriter, r *http.Request) {
	d, errs, err := h.load(r, auth.FromContext(r.Context()))
	if err == nil && len(errs) > 0 {
		err = web.BadInput(errs[0].Field, errs[0].Message, "Give the dates as dd-mm-yyyy, the second not before the first.")
	}
	if err == nil && d.ClientID == 0 {
		err = web.BadInput("client", "Kies met ?client= wiens gegevens u wilt zien.", "Choose with ?client= whose data to show.")
	}
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	out := accessesResponse{ClientID: d.ClientID, From: d.From, To: d.To, Accesses: []apiAccess{}, Truncated: d.Truncated}
	for _, l := range d.Lines {
		who := l.DisplayName
		if who == "" {
			who = l.UserName
		}
		out.Accesses = append(out.Accesses, apiAccess{Time: l.Time, Who: who, Organisation: l.Organisation, Role: string(l.Role),
			What: l.What, Purpose: l.Purpose, Emergency: l.Emergency, OnBehalfOf: l.OnBehalfOf})
	}
	web.WriteJSON(w, http.StatusOK, out)
}

type emergencyData struct {
	All     bool
	Items   []EmergencyAccess
	Choices []Conclusion
}

// orgFilter limits a provider administrator to their own staff's accesses.
func orgFilter(p *auth.Principal) (string, bool) {
	if p.Role == auth.RoleBeheerder {
		return "", true
	}
	return p.Organisation, p.Organisation != ""
}

func (h *pages) emergencyPage(w http.ResponseWriter, r *http.Request) {
	h.renderEmergency(w, r, http.StatusOK, nil, nil)
}

func (h *pages) renderEmergency(w http.ResponseWriter, r *http.Request, status int, errs []web.FieldError, form map[string]string) {
	p := auth.FromContext(r.Context())
	org, ok := orgFilter(p)
	if !ok {
		h.rd.Fail(w, r, web.Forbidden("Uw account is niet aan een organisatie gekoppeld.", "Your account is not linked to an organisation."))
		return
	}
	all := r.URL.Query().Get("toon") == "alle"
	items, err := EmergencyAccesses(r.Context(), h.l.d, EmergencyQuery{Unreviewed: !all, Organisation: org, Limit: pageLimit})
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	// The list shows which clients were opened and why: an access to
	// personal data in its own right.
	evs := make([]Event, 0, len(items))
	for _, it := range items {
		evs = append(evs, Event{Action: ActionRead, ClientID: it.ClientID, Object: "audit_entry", ObjectID: it.EventID, Purpose: PurposeAccountability})
	}
	if err := h.l.RecordMany(r.Context(), p, evs); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	page := web.Page{Title: "Noodtoegang beoordelen", Data: emergencyData{All: all, Items: ForReview(items), Choices: Conclusions()}, Errors: errs, Form: form}
	if r.URL.Query().Get("klaar") == "1" {
		page.Flash = "De beoordeling is opgeslagen."
	}
	h.rd.Render(w, r, status, h.emergency, page)
}

func (h *pages) reviewForm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if err := web.ParseForm(r); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	eventID := r.PathValue("event")
	org, ok := orgFilter(p)
	if !ok {
		h.rd.Fail(w, r, web.Forbidden("Uw account is niet aan een organisatie gekoppeld.", "Your account is not linked to an organisation."))
		return
	}
	it, err := EmergencyAccessByEvent(r.Context(), h.l.d, eventID)
	if errors.Is(err, ErrNotFound) || (err == nil && org != "" && it.Organisation != org) {
		h.rd.Fail(w, r, web.NotFound("Deze noodtoegang bestaat niet of valt buiten uw organisatie.", "This emergency access does not exist or is outside your organisation."))
		return
	}
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	note := r.PostFormValue("toelichting")
	rv, errs := decodeReviewForm(r.PostForm, eventID)
	if len(errs) > 0 {
		// The conclusion chosen is kept with the note: after a missing
		// note the reviewer should not have to choose again.
		h.renderEmergency(w, r, http.StatusBadRequest, errs, map[string]string{"toelichting-" + eventID: note, "conclusie-" + eventID: r.PostFormValue("conclusie")})
		return
	}
	err = h.l.Review(r.Context(), p, eventID, rv.Conclusion, rv.Note)
	switch {
	case errors.Is(err, ErrAlreadyReviewed):
		h.rd.Fail(w, r, web.Conflict("Deze noodtoegang is al beoordeeld.", "This emergency access has been reviewed already."))
		return
	case err != nil:
		h.rd.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, EmergencyPath+"?klaar=1", http.StatusSeeOther)
}

// review is a reviewer's conclusion on an emergency access and its note.
type review struct {
	Conclusion Conclusion
	Note       string
}

// decodeReviewForm reads the review form of the emergency access eventID
// without the database, so it can be fuzzed (issue 18): a known
// conclusion, a note when the access was not (certainly) justified, at
// most maxNote bytes of readable text (what Log.Review stores). Every
// mistake at once, at the field ids of eventID's form (the page holds one
// form per access); the review only when there is none.
func decodeReviewForm(f url.Values, eventID string) (review, []web.FieldError) {
	rv := review{Conclusion: Conclusion(f.Get("conclusie"))}
	raw := f.Get("toelichting")
	rv.Note = strings.TrimSpace(raw)
	noteField := "toelichting-" + eventID
	var errs []web.FieldError
	switch {
	case !rv.Conclusion.Valid():
		errs = append(errs, web.FieldError{Field: "conclusie-" + eventID, Message: "Kies een conclusie.", English: "Choose a conclusion."})
	case rv.Conclusion != ConclusionJustified && rv.Note == "":
		errs = append(errs, web.FieldError{Field: noteField, Message: "Licht toe waarom de noodtoegang niet (zeker) gerechtvaardigd was.", English: "Explain why the emergency access was not (certainly) justified."})
	}
	switch {
	case len(raw) > maxNote:
		errs = append(errs, web.FieldError{Field: noteField, Message: "De toelichting is te lang (ten hoogste 2000 tekens).", English: "The explanation is too long (2000 characters at most)."})
	case !utf8.ValidString(raw):
		errs = append(errs, web.FieldError{Field: noteField, Message: "De toelichting bevat tekens die niet gelezen kunnen worden. Typ de tekst opnieuw.", English: "The explanation has characters that cannot be read. Type the text again."})
	}
	if len(errs) > 0 {
		return review{}, errs
	}
	return rv, nil
}

// choices names the clients a representative may choose from; without a
// name source (a test) a client is shown by number.
func (h *pages) choices(ctx context.Context, ids []int64) ([]clientChoice, error) {
	var names map[int64]string
	if h.names != nil {
		var err error
		if names, err = h.names(ctx, ids); err != nil {
			return nil, err
		}
	}
	out := make([]clientChoice, len(ids))
	for i, id := range ids {
		out[i] = clientChoice{ID: id, Name: names[id]}
	}
	return out, nil
}
